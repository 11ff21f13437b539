import asyncio
import time

SHOPS = {"web": 0.1, "phone": 0.25}  # seconds between two orders from each shop


async def shop(name, queue, start):
    for n in range(1, 4):
        await asyncio.sleep(SHOPS[name])
        await queue.put(f"{name}-{n}")
    print(f"{time.perf_counter() - start:.2f}s  {name} has sent its 3 orders")
    await queue.put(None)  # means "no more orders", but only this shop is done


async def packer(name, queue, packed, start):
    while (order := await queue.get()) is not None:
        await asyncio.sleep(0.12)  # packing one order
        packed.append(order)
    await queue.put(None)  # passes the sentinel on, so the other packer stops too
    print(f"{time.perf_counter() - start:.2f}s  {name} stops")


async def main():
    start = time.perf_counter()
    queue = asyncio.Queue()
    packed = []
    packers = [asyncio.create_task(packer(f"packer-{n}", queue, packed, start)) for n in (1, 2)]
    await asyncio.gather(shop("web", queue, start), shop("phone", queue, start))
    await asyncio.gather(*packers)
    print(f"packed {len(packed)} of 6 orders: {', '.join(sorted(packed))}")
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
