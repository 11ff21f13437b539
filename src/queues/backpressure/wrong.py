import asyncio
import time

ROWS = 10


async def producer(queue, start):
    peak = 0
    for row in range(1, ROWS + 1):
        await queue.put(row)  # never waits: the queue has no limit
        peak = max(peak, queue.qsize())
    elapsed = time.perf_counter() - start
    print(f"{elapsed:.2f}s  all {ROWS} rows queued, {queue.qsize()} still waiting")
    await queue.put(None)  # tells the consumer there is nothing more
    return peak


async def consumer(queue, start):
    while await queue.get() is not None:
        await asyncio.sleep(0.2)  # the slow part: say, one API call per row
    print(f"{time.perf_counter() - start:.2f}s  consumer done")


async def main():
    start = time.perf_counter()
    queue = asyncio.Queue()  # unbounded: the producer runs as far ahead as it likes
    peak, _ = await asyncio.gather(producer(queue, start), consumer(queue, start))
    print(f"max queue size: {peak}")
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
