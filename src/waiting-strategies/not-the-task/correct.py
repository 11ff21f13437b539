import asyncio
import time

# Simulated shops (no network): each answers a price request at its own speed.
SHOPS = {"north": (0.3, 12), "south": (0.1, 15), "east": (0.2, 9)}


async def quote(shop):
    delay, price = SHOPS[shop]
    await asyncio.sleep(delay)
    return price


async def main():
    start = time.perf_counter()
    pending = {asyncio.create_task(quote(shop), name=shop) for shop in SHOPS}
    while pending:
        # wait hands back the tasks themselves, so each result keeps its name
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        for task in sorted(done, key=asyncio.Task.get_name):
            price, shop = task.result(), task.get_name()
            print(f"{time.perf_counter() - start:.2f}s  {shop}: {price} EUR")


asyncio.run(main())
