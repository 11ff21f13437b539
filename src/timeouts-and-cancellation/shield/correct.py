import asyncio
import time

background = set()  # strong references, so running tasks are never lost


# A simulated shop backend (no network): each step of an order takes 0.4 s.
async def place_order(order, start):
    await asyncio.sleep(0.4)
    print(f"{time.perf_counter() - start:.2f}s  card charged for order {order}")
    await asyncio.sleep(0.4)
    print(f"{time.perf_counter() - start:.2f}s  order {order} recorded")


async def handle(order, start):
    saving = asyncio.create_task(place_order(order, start))
    background.add(saving)
    saving.add_done_callback(background.discard)
    try:
        async with asyncio.timeout(0.5):
            await asyncio.shield(saving)  # the timeout cancels our wait, not the order
        print(f"{time.perf_counter() - start:.2f}s  order {order} confirmed")
    except TimeoutError:
        print(f"{time.perf_counter() - start:.2f}s  timed out; confirmation by email")


async def main():
    start = time.perf_counter()
    await handle(42, start)
    await asyncio.sleep(1)  # the server goes on serving other requests
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
