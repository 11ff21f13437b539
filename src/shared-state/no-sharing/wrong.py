import asyncio

# orders per shop, and how long its (simulated) database takes to answer
SHOPS = {"north": (12, 0.3), "south": (7, 0.1),
         "east": (20, 0.4), "west": (21, 0.2)}
total = 0


async def count_orders(shop):
    orders, latency = SHOPS[shop]
    await asyncio.sleep(latency)
    return orders


async def add_orders(shop):
    global total
    total += await count_orders(shop)  # reads total first, writes after


async def main():
    await asyncio.gather(*(add_orders(shop) for shop in SHOPS))
    print(f"total orders: {total}")
    print(f"expected:     {sum(orders for orders, _ in SHOPS.values())}")


asyncio.run(main())
