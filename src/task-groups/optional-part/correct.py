import asyncio
import time

# A simulated backend (no network): each part of the page has its own latency.
PARTS = {"profile": 0.05, "ads": 0.1, "orders": 0.3}


async def load(part):
    await asyncio.sleep(PARTS[part])
    if part == "ads":
        raise ConnectionError("ad server is down")
    return f"<{part}>"


async def load_or(part, fallback):
    try:
        return await load(part)
    except ConnectionError:
        return fallback  # a page without ads is still worth serving


async def main():
    start = time.perf_counter()
    try:
        async with asyncio.TaskGroup() as tg:
            profile = tg.create_task(load("profile"))
            ads = tg.create_task(load_or("ads", "<no ads>"))  # its failure stays inside
            orders = tg.create_task(load("orders"))
        page = " ".join(task.result() for task in (profile, ads, orders))
        print(f"{time.perf_counter() - start:.2f}s  page: {page}")
    except* ConnectionError as group:
        print(f"{time.perf_counter() - start:.2f}s  page failed: {group.exceptions[0]}")


asyncio.run(main())
