import asyncio
import time


# A simulated download (no network): it just waits for `seconds`.
async def download(name, seconds, start):
    print(f"{time.perf_counter() - start:.2f}s  {name} starts")
    await asyncio.sleep(seconds)
    print(f"{time.perf_counter() - start:.2f}s  {name} done")


async def main():
    start = time.perf_counter()
    a = asyncio.create_task(download("a", 1.0, start))  # runs once main yields
    b = asyncio.create_task(download("b", 0.6, start))
    print(f"{time.perf_counter() - start:.2f}s  main: both downloads created")
    await asyncio.sleep(0.5)  # other work, overlapping the downloads
    print(f"{time.perf_counter() - start:.2f}s  main: other work done")
    await a  # both are already running: this only waits for a to finish
    await b
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
