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


async def jobs(start):
    for _ in range(4):
        crunch(0.5)  # four jobs, one after another, on the loop's own thread
    print(f"4 jobs done at {time.perf_counter() - start:.2f}s")


async def main():
    start = time.perf_counter()
    await asyncio.gather(heartbeat(4), jobs(start))


# worker processes may import this file, and must not run main() again
if __name__ == "__main__":
    asyncio.run(main())
