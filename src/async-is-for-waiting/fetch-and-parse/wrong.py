import asyncio
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


async def handle(page, start):
    html = await fetch(page)
    got = time.perf_counter() - start
    parse(html)  # mistake: computes on the loop's thread, one page at a time
    return page, got, time.perf_counter() - start


async def main():
    start = time.perf_counter()
    done = await asyncio.gather(*(handle(p, start) for p in PAGES))
    for page, got, parsed in done:
        print(f"{page:<5}  page in hand at {got:.2f}s, parsed at {parsed:.2f}s")
    print(f"total: {time.perf_counter() - start:.2f}s")


if __name__ == "__main__":
    asyncio.run(main())
