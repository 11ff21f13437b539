import asyncio

PRICES = {"lamp": 30.0, "book": 12.0, "mug": 8.0}


# A simulated basket service (no network): loading a basket waits 0.1 s.
async def load_basket():
    await asyncio.sleep(0.1)
    return list(PRICES)


def price_with_tax(item):  # pure arithmetic, so a plain function
    return round(PRICES[item] * 1.2, 2)


async def main():
    basket = await load_basket()
    cheapest_first = sorted(basket, key=price_with_tax)
    for item in cheapest_first:
        print(f"{item:<4}  {price_with_tax(item):6.2f}")


asyncio.run(main())
