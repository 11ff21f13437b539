import asyncio
import time


async def handle(name, start):
    print(f"{time.perf_counter() - start:.2f}s  {name} starts")
    time.sleep(1)  # blocks the whole event loop
    print(f"{time.perf_counter() - start:.2f}s  {name} finishes")


async def main():
    start = time.perf_counter()
    # three requests arrive together; a server should serve them side by side
    await asyncio.gather(handle("A", start), handle("B", start), handle("C", start))
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
