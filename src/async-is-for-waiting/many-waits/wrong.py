import asyncio
import concurrent.futures
import time

USERS = range(1, 13)


# A simulated API (no network): every call waits 0.5 s for its reply.
def get_profile(user):
    """Blocking client, shaped like requests.get: the calling thread waits."""
    time.sleep(0.5)
    return f"profile-{user}"


async def load(user, pool, start):
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(pool, get_profile, user)
    return time.perf_counter() - start


async def main():
    start = time.perf_counter()
    # mistake: every wait occupies a thread, and the pool has only four of them
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        done = await asyncio.gather(*(load(u, pool, start) for u in USERS))
    print("answered at:", " ".join(f"{elapsed:.2f}s" for elapsed in done))
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
