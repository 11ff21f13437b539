import asyncio


# --- the API client: leave this function as it is ---------------------------
async def fetch(url):
    """A simulated API call (no network): every request takes 0.1 s."""
    await asyncio.sleep(0.1)
    return f"<{url}>"
# ------------------------------------------------------------------------------


async def fetch_all(urls, limit):
    """Return every URL's body, in order, with at most `limit` in flight."""
    # One semaphore per call, so each call gets the limit it was given.
    slots = asyncio.Semaphore(limit)

    async def one(url):
        async with slots:  # waits while `limit` fetches are in flight
            return await fetch(url)

    # A freed slot goes to the next URL at once; gather keeps the order.
    return await asyncio.gather(*(one(url) for url in urls))


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    urls = [f"https://api.example.com/items/{n}" for n in range(1, 21)]
    bodies = await fetch_all(urls, limit=5)
    print(f"{len(bodies)} bodies, the first is {bodies[0]}")
    print(f"took {loop.time() - start:.2f}s")


if __name__ == "__main__":
    asyncio.run(main())
