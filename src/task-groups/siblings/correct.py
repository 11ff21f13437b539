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
    try:
        # the group owns its tasks: when one fails, it cancels the rest
        async with asyncio.TaskGroup() as tg:
            for part in PARTS:
                tg.create_task(load(part, start, cancelled))
    except* ConnectionError as group:
        print(f"{time.perf_counter() - start:.2f}s  page failed: {group.exceptions[0]}")
    # cancellations arrive in no fixed order, so sort before printing
    print(f"cancelled: {', '.join(sorted(cancelled)) or 'nothing'}")
    await asyncio.sleep(1)  # the server goes on serving other pages


asyncio.run(main())
