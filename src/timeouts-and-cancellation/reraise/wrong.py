import asyncio
import time


# A simulated data warehouse (no network): writing one batch takes 0.5 s.
async def export(batches, start):
    written = 0
    for batch in range(1, batches + 1):
        try:
            await asyncio.sleep(0.5)
            written += 1
        except asyncio.CancelledError:
            print(f"{time.perf_counter() - start:.2f}s  rolled back batch {batch}")
            # no raise: the cancellation is swallowed and the loop goes on
    return written


async def main():
    start = time.perf_counter()
    try:
        async with asyncio.timeout(1.2):
            written = await export(5, start)
        print(f"{time.perf_counter() - start:.2f}s  exported {written} batches")
    except TimeoutError:
        print(f"{time.perf_counter() - start:.2f}s  export timed out")
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
