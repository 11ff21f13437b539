import asyncio
import time

CART = {"apple": 3, "bread": 5, "milk": 2}


# A simulated price service (no network): each lookup waits 0.2 s.
async def get_price(item):
    await asyncio.sleep(0.2)
    return CART[item]


async def main():
    start = time.perf_counter()
    print(f"pricing {len(CART)} items")
    # gather runs all three lookups at once and returns their results in order
    total = sum(await asyncio.gather(*(get_price(item) for item in CART)))
    print(f"{time.perf_counter() - start:.2f}s  total: {total}")


asyncio.run(main())
