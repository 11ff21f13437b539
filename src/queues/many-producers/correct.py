import asyncio
import time

SHOPS = {"web": 0.1, "phone": 0.25}  # seconds between two orders from each shop


async def shop(name, queue, start):
    for n in range(1, 4):
        await asyncio.sleep(SHOPS[name])
        await queue.put(f"{name}-{n}")
    print(f"{time.perf_counter() - start:.2f}s  {name} has sent its 3 orders")


async def packer(queue, packed):
    while True:
        order = await queue.get()
        await asyncio.sleep(0.12)  # packing one order
        packed.append(order)
        queue.task_done()


async def main():
    start = time.perf_counter()
    queue = asyncio.Queue()
    packed = []
    packers = [asyncio.create_task(packer(queue, packed)) for _ in range(2)]
    await asyncio.gather(shop("web", queue, start), shop("phone", queue, start))
    await queue.join()  # every shop is done, so every order is in; wait until all are packed
    for task in packers:
        task.cancel()  # the packers are idle in get() now, and would wait there forever
    await asyncio.gather(*packers, return_exceptions=True)
    print(f"{time.perf_counter() - start:.2f}s  packers stopped")
    print(f"packed {len(packed)} of 6 orders: {', '.join(sorted(packed))}")
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
