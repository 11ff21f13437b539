import asyncio
import concurrent.futures
import time

PAGES = ["home", "about", "blog"]


def crunch(seconds):
    """Keep the CPU busy for `seconds`, standing in for real number crunching."""
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        pass


# A simulated web server (no network): every page takes 0.3 s to arrive.
async def fetch(page):
    await asyncio.sleep(0.3)
    return f"<html>{page}</html>"


def parse(html):
    crunch(0.2)  # pure-Python work: nothing to wait for, only computing


async def handle(page, pool, start):
    html = await fetch(page)
    got = time.perf_counter() - start
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(pool, parse, html)  # a worker process computes
    return page, got, time.perf_counter() - start


async def main():
    loop = asyncio.get_running_loop()
    with concurrent.futures.ProcessPoolExecutor(max_workers=3) as pool:
        # start the workers before the clock: starting one takes a while
        await asyncio.gather(*(loop.run_in_executor(pool, int) for _ in PAGES))
        start = time.perf_counter()
        done = await asyncio.gather(*(handle(p, pool, start) for p in PAGES))
    for page, got, parsed in done:
        print(f"{page:<5}  page in hand at {got:.2f}s, parsed at {parsed:.2f}s")
    print(f"total: {time.perf_counter() - start:.2f}s")


if __name__ == "__main__":
    asyncio.run(main())
