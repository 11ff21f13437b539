import asyncio
import time


def crunch(seconds):
    """Keep the CPU busy for `seconds`, standing in for real number crunching."""
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        pass


async def heartbeat(ticks):
    for n in range(1, ticks + 1):
        asked = time.perf_counter()
        await asyncio.sleep(0.1)
        late = time.perf_counter() - asked - 0.1
        # a few milliseconds of scheduling noise still counts as on time
        print(f"tick {n}: " + (f"{late:.2f}s late" if late >= 0.05 else "on time"))


async def job():
    print("crunch starts")
    crunch(0.5)  # blocks the whole event loop
    print("crunch done")


async def main():
    # the heartbeat stands for every other task: requests, timers, pings
    await asyncio.gather(heartbeat(4), job())


asyncio.run(main())
