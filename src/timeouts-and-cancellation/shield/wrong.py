import asyncio
import time


# A simulated shop backend (no network): each step of an order takes 0.4 s.
async def place_order(order, start):
    await asyncio.sleep(0.4)
    print(f"{time.perf_counter() - start:.2f}s  card charged for order {order}")
    await asyncio.sleep(0.4)
    print(f"{time.perf_counter() - start:.2f}s  order {order} recorded")


async def handle(order, start):
    try:
        async with asyncio.timeout(0.5):
            await place_order(order, start)  # the timeout can cut the order in half
        print(f"{time.perf_counter() - start:.2f}s  order {order} confirmed")
    except TimeoutError:
        print(f"{time.perf_counter() - start:.2f}s  timed out; confirmation by email")


async def main():
    start = time.perf_counter()
    await handle(42, start)
    await asyncio.sleep(1)  # the server goes on serving other requests
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
