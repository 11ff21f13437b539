import asyncio
import time


# A simulated backend (no network): each call takes `seconds` to answer.
async def fetch(what, seconds, start):
    await asyncio.sleep(seconds)
    print(f"{time.perf_counter() - start:.2f}s  {what} ready")
    return what


async def main():
    start = time.perf_counter()
    # three independent calls for one page, awaited one after another
    profile = await fetch("profile", 0.5, start)  # the next call waits for this one
    orders = await fetch("orders", 1.0, start)
    picks = await fetch("picks", 0.3, start)
    print(f"page: {profile}, {orders}, {picks}")
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
