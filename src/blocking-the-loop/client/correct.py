import asyncio
import time

URLS = [f"https://api.example.com/users/{n}" for n in range(1, 6)]


# A simulated HTTP service (no network): every request takes 0.3 s.
async def fetch(url):
    """Async client, shaped like `await session.get(url)` in aiohttp."""
    await asyncio.sleep(0.3)  # the loop serves other tasks during the wait
    return f"200 OK {url}"


async def load_user(url, start):
    body = await fetch(url)  # suspends this task only
    print(f"{time.perf_counter() - start:.2f}s  {body}")


async def main():
    start = time.perf_counter()
    await asyncio.gather(*(load_user(url, start) for url in URLS))
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
