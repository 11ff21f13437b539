import asyncio
import time

USERS = range(1, 13)


# A simulated API (no network): every call waits 0.5 s for its reply.
async def get_profile(user):
    """Async client, shaped like an aiohttp or httpx.AsyncClient call."""
    await asyncio.sleep(0.5)
    return f"profile-{user}"


async def load(user, start):
    await get_profile(user)
    return time.perf_counter() - start


async def main():
    start = time.perf_counter()
    # every wait is a small object on the one loop: all twelve can wait at once
    done = await asyncio.gather(*(load(u, start) for u in USERS))
    print("answered at:", " ".join(f"{elapsed:.2f}s" for elapsed in done))
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
