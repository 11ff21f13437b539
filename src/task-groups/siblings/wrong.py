import asyncio
import time

# A simulated backend (no network): each part of the page has its own latency.
PARTS = {"profile": 0.05, "recommendations": 0.1, "orders": 0.3, "ads": 0.5}


async def load(part, start, cancelled):
    try:
        await asyncio.sleep(PARTS[part])
    except asyncio.CancelledError:
        cancelled.append(f"{part} at {time.perf_counter() - start:.2f}s")
        raise  # a cancelled task must stay cancelled
    if part == "recommendations":
        raise ConnectionError("recommendations service is down")
    print(f"{time.perf_counter() - start:.2f}s  {part} loaded")


async def main():
    start = time.perf_counter()
    cancelled = []
    tasks = [asyncio.create_task(load(part, start, cancelled)) for part in PARTS]
    try:
        await asyncio.gather(*tasks)  # loose tasks: nobody stops the others
    except ConnectionError as error:
        print(f"{time.perf_counter() - start:.2f}s  page failed: {error}")
    # cancellations arrive in no fixed order, so sort before printing
    print(f"cancelled: {', '.join(sorted(cancelled)) or 'nothing'}")
    await asyncio.sleep(1)  # the server goes on serving other pages


asyncio.run(main())
