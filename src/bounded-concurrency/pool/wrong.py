import asyncio

LIMIT = 5
ITEMS = 1_000  # imagine a million: lines of a log file, rows of a table


async def process(n):
    if n == 0:
        alive = len(asyncio.all_tasks())
        print(f"tasks alive when the first item starts: {alive:,}")
    await asyncio.sleep(0.01)  # a simulated request
    return n


async def main():
    slots = asyncio.Semaphore(LIMIT)

    async def limited(n):
        async with slots:
            return await process(n)

    # the semaphore bounds the work, but gather still makes one task per item
    results = await asyncio.gather(*(limited(n) for n in range(ITEMS)))
    each_once = sorted(results) == list(range(ITEMS))
    print(f"items done: {len(results):,}, each exactly once: {each_once}")


asyncio.run(main())
