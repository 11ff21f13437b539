import asyncio
import time


async def handle(request):
    started = time.perf_counter()
    time.sleep(0.1)  # blocks, but no longer than asyncio tolerates
    print(f"handled {request} in {time.perf_counter() - started:.1f}s")


async def main():
    await asyncio.gather(handle(1), handle(2))


asyncio.run(main())
