import asyncio
import time

# Simulated shops (no network): each answers a price request at its own speed.
SHOPS = {"north": (0.3, 12), "south": (0.1, 15), "east": (0.2, 9)}


async def quote(shop):
    delay, price = SHOPS[shop]
    await asyncio.sleep(delay)
    return shop, price  # the result says which shop it came from


async def main():
    start = time.perf_counter()
    quotes = [quote(shop) for shop in SHOPS]
    prices = {}
    # as_completed hands out results as they arrive, not in input order
    for next_quote in asyncio.as_completed(quotes):
        shop, price = await next_quote
        print(f"{time.perf_counter() - start:.2f}s  {shop}: {price} EUR")
        prices[shop] = price
    print(f"cheapest: {min(prices, key=prices.get)}")


asyncio.run(main())
