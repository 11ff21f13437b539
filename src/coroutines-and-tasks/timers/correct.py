import asyncio
import time

PERIOD = 1.0


def crunch(seconds):
    """Keep the CPU busy for `seconds`, standing in for real number crunching."""
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        pass


def tick(loop, start, n):
    print(f"tick {n} at {loop.time() - start:.2f}s")
    crunch(0.05)  # the tick's own work: collect and format a status line
    if n < 4:
        # a fixed timetable on the loop's clock: the work can't push it back
        loop.call_at(start + (n + 1) * PERIOD, tick, loop, start, n + 1)


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    loop.call_soon(tick, loop, start, 0)
    print("tick 0 scheduled")
    await asyncio.sleep(4.5)


asyncio.run(main())
