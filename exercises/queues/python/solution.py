import asyncio
import time


# --- the simulated fetch: leave this function as it is --------------------------
async def fetch(url):
    """A simulated HTTP fetch (no network): every page takes 0.2 s."""
    await asyncio.sleep(0.2)
    return f"<{url}>"
# ------------------------------------------------------------------------------


async def crawl(urls, workers=3):
    """Fetch every URL with `workers` worker tasks fed by a bounded queue.

    Returns {url: body}. `urls` may be a long iterator: never read far ahead of
    the workers.
    """
    queue = asyncio.Queue(maxsize=workers)
    bodies = {}

    async def worker():
        while (url := await queue.get()) is not None:
            bodies[url] = await fetch(url)

    tasks = [asyncio.create_task(worker()) for _ in range(workers)]
    for url in urls:
        await queue.put(url)
    # One sentinel per worker: each worker stops at the first one it takes,
    # so every worker gets exactly one.
    for _ in tasks:
        await queue.put(None)
    await asyncio.gather(*tasks)
    return bodies


async def main():
    start = time.perf_counter()
    bodies = await crawl(f"https://example.com/{n}" for n in range(6))
    print(f"{len(bodies)} pages in {time.perf_counter() - start:.2f}s")


if __name__ == "__main__":
    asyncio.run(main())
