import asyncio


# --- the API client: leave this function as it is ---------------------------
async def fetch(url):
    """A simulated API call (no network): every request takes 0.1 s."""
    await asyncio.sleep(0.1)
    return f"<{url}>"
# ------------------------------------------------------------------------------


async def fetch_all(urls, limit):
    """Return every URL's body, in order, with at most `limit` in flight."""
    # TODO: this sends every request at once, however small `limit` is.
    # Keep at most `limit` fetches in flight, and start the next one as soon
    # as any fetch finishes.
    return await asyncio.gather(*(fetch(url) for url in urls))


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    urls = [f"https://api.example.com/items/{n}" for n in range(1, 21)]
    bodies = await fetch_all(urls, limit=5)
    print(f"{len(bodies)} bodies, the first is {bodies[0]}")
    print(f"took {loop.time() - start:.2f}s")


if __name__ == "__main__":
    asyncio.run(main())
