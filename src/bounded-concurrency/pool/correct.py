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
    items = iter(range(ITEMS))  # a generator reading a file would do as well
    results = []

    async def worker():
        # the workers share one iterator, so each item goes to exactly one
        for n in items:
            results.append(await process(n))

    await asyncio.gather(*(worker() for _ in range(LIMIT)))
    each_once = sorted(results) == list(range(ITEMS))
    print(f"items done: {len(results):,}, each exactly once: {each_once}")


asyncio.run(main())
