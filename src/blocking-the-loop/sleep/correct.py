import asyncio
import time


async def handle(name, start):
    print(f"{time.perf_counter() - start:.2f}s  {name} starts")
    await asyncio.sleep(1)  # hands the loop to the others while this one waits
    print(f"{time.perf_counter() - start:.2f}s  {name} finishes")


async def main():
    start = time.perf_counter()
    # three requests arrive together; a server should serve them side by side
    await asyncio.gather(handle("A", start), handle("B", start), handle("C", start))
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
