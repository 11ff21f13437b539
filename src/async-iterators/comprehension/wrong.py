import asyncio
import time


# Simulated services: a feed of user ids (one 0.1 s request), profiles at 0.2 s each.
async def user_ids():
    await asyncio.sleep(0.1)
    for uid in (101, 102, 103, 104, 105):
        yield uid


async def fetch_profile(uid, start):
    await asyncio.sleep(0.2)
    return f"profile {uid} at {time.perf_counter() - start:.2f}s"


async def main():
    start = time.perf_counter()
    # each await finishes before the comprehension takes the next id: one at a time
    profiles = [await fetch_profile(uid, start) async for uid in user_ids()]
    print("\n".join(profiles))
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
