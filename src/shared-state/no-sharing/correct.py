import asyncio

# orders per shop, and how long its (simulated) database takes to answer
SHOPS = {"north": (12, 0.3), "south": (7, 0.1),
         "east": (20, 0.4), "west": (21, 0.2)}


async def count_orders(shop):
    orders, latency = SHOPS[shop]
    await asyncio.sleep(latency)
    return orders


async def main():
    # each task hands back its answer; only main ever touches the total
    counts = await asyncio.gather(*(count_orders(shop) for shop in SHOPS))
    total = sum(counts)
    print(f"total orders: {total}")
    print(f"expected:     {sum(orders for orders, _ in SHOPS.values())}")


asyncio.run(main())
