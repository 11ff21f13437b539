import asyncio
import time


# A simulated download (no network): it just waits for `seconds`.
async def download(name, seconds, start):
    print(f"{time.perf_counter() - start:.2f}s  {name} starts")
    await asyncio.sleep(seconds)
    print(f"{time.perf_counter() - start:.2f}s  {name} done")


async def main():
    start = time.perf_counter()
    a = download("a", 1.0, start)  # mistake: only builds a coroutine object
    b = download("b", 0.6, start)
    print(f"{time.perf_counter() - start:.2f}s  main: both downloads created")
    await asyncio.sleep(0.5)  # other work, meant to overlap the downloads
    print(f"{time.perf_counter() - start:.2f}s  main: other work done")
    await a  # a starts only now, and b only after a is done
    await b
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
