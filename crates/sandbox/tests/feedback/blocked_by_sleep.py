import asyncio
import time


async def handle(request):
    time.sleep(0.5)  # blocks the whole loop, not just this task
    return f"handled {request}"


async def main():
    start = time.perf_counter()
    print(await asyncio.gather(handle(1), handle(2)))
    print(f"took {time.perf_counter() - start:.1f}s")


asyncio.run(main())
