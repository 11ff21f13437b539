import asyncio
import time


# A simulated backend (no network): each call takes `seconds` to answer.
async def fetch(what, seconds, start):
    await asyncio.sleep(seconds)
    print(f"{time.perf_counter() - start:.2f}s  {what} ready")
    return what


async def main():
    start = time.perf_counter()
    # three independent calls for one page, started together and awaited together
    profile, orders, picks = await asyncio.gather(
        fetch("profile", 0.5, start),
        fetch("orders", 1.0, start),
        fetch("picks", 0.3, start),
    )
    print(f"page: {profile}, {orders}, {picks}")
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
