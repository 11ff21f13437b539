import asyncio
import time

INTERVAL = 1.0  # the monitor reports once a second


async def process(stats):
    """The real-time processor: handles one reading from a simulated sensor feed
    every 0.1 s (no real sensor), starting at 0.05 s."""
    await asyncio.sleep(0.05)
    while True:
        stats["handled"] += 1
        await asyncio.sleep(0.1)


async def push_metrics(rate):
    await asyncio.sleep(0.2)  # simulated: send the figures to a metrics collector


async def monitor(stats, start):
    seen = 0
    while True:
        await asyncio.sleep(INTERVAL)  # plus the push's 0.2 s: each round takes 1.2 s
        rate = (stats["handled"] - seen) / INTERVAL
        seen = stats["handled"]
        print(f"{time.perf_counter() - start:.2f}s  {rate:.0f} readings/s")
        await push_metrics(rate)


async def main():
    start = time.perf_counter()
    stats = {"handled": 0}
    processor = asyncio.create_task(process(stats))
    reporter = asyncio.create_task(monitor(stats, start))
    await asyncio.sleep(4.9)  # the processor runs until shutdown
    for task in (processor, reporter):
        task.cancel()
    await asyncio.gather(processor, reporter, return_exceptions=True)
    print(f"{time.perf_counter() - start:.2f}s  {stats['handled']} readings in all")


asyncio.run(main())
