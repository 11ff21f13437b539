import asyncio
import time


class OutOfStock(Exception):
    pass


# A simulated shop backend (no network).
async def reserve_stock(item):
    await asyncio.sleep(0.1)
    raise OutOfStock(f"no {item} left")


async def charge_card(amount, start):
    try:
        await asyncio.sleep(0.3)
    except asyncio.CancelledError:
        print(f"{time.perf_counter() - start:.2f}s  charge cancelled")
        raise
    print(f"{time.perf_counter() - start:.2f}s  card charged {amount} EUR")


async def place_order(start):
    tasks = [
        asyncio.create_task(reserve_stock("lamp")),
        asyncio.create_task(charge_card(49, start)),
    ]
    try:
        await asyncio.gather(*tasks)
    except OutOfStock as error:
        # gather won't stop the others: cancel them, and wait until they have stopped
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        print(f"{time.perf_counter() - start:.2f}s  order failed: {error}")


async def main():
    start = time.perf_counter()
    await place_order(start)
    await asyncio.sleep(1)  # the shop goes on serving other customers
    print(f"{time.perf_counter() - start:.2f}s  still serving")


asyncio.run(main())
