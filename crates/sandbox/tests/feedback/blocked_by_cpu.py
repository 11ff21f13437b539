import asyncio
import time


def crunch(seconds):
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        pass  # stands in for CPU-bound work


async def report():
    crunch(0.3)
    print("report ready")


async def main():
    await asyncio.gather(report(), asyncio.sleep(0.1))


asyncio.run(main())
