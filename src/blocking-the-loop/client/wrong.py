import asyncio
import time

URLS = [f"https://api.example.com/users/{n}" for n in range(1, 6)]


# A simulated HTTP service (no network): every request takes 0.3 s.
def get(url):
    """Blocking client, shaped like requests.get(url)."""
    time.sleep(0.3)  # the thread waits for the reply
    return f"200 OK {url}"


async def load_user(url, start):
    body = get(url)  # blocks the whole event loop
    print(f"{time.perf_counter() - start:.2f}s  {body}")


async def main():
    start = time.perf_counter()
    await asyncio.gather(*(load_user(url, start) for url in URLS))
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
