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
    tasks = [asyncio.create_task(quote(shop), name=shop) for shop in SHOPS]
    for next_done in asyncio.as_completed(tasks):
        price = await next_done
        shop = next_done.get_name()  # not a task: a stand-in coroutine
        print(f"{time.perf_counter() - start:.2f}s  {shop}: {price} EUR")


asyncio.run(main())
