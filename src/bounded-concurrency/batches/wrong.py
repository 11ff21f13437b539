import asyncio

LIMIT = 5
# twenty simulated requests; every fifth one is slow
DURATIONS = [0.5 if n % 5 == 0 else 0.1 for n in range(20)]
in_flight = peak = 0


async def process(n):
    global in_flight, peak
    in_flight += 1
    peak = max(peak, in_flight)
    await asyncio.sleep(DURATIONS[n])
    in_flight -= 1


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    for first in range(0, len(DURATIONS), LIMIT):
        batch = range(first, first + LIMIT)
        # the whole batch waits for its slowest item before the next can start
        await asyncio.gather(*(process(n) for n in batch))
        print(f"batch {first // LIMIT + 1} done at {loop.time() - start:.2f}s")
    total = loop.time() - start
    print(f"peak concurrency: {peak}, total: {total:.2f}s")
    print(f"slots busy {sum(DURATIONS) / (LIMIT * total):.0%} of the time")


asyncio.run(main())
