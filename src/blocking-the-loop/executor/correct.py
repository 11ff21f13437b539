import asyncio
import concurrent.futures
import time

MONTHS = ["jan", "feb", "mar", "apr"]


def render_report(month):
    """A legacy library call with no async version: it blocks for 0.2 s."""
    time.sleep(0.2)
    return f"report-{month}.pdf"


async def make_report(month, pool, start):
    loop = asyncio.get_running_loop()
    # a worker thread sits in the blocking call; this task just awaits it
    path = await loop.run_in_executor(pool, render_report, month)
    return path, time.perf_counter() - start


async def main():
    start = time.perf_counter()
    # one worker per report, so all four can wait at the same time
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        done = await asyncio.gather(*(make_report(m, pool, start) for m in MONTHS))
    # gather returns results in input order, however the work interleaved
    for path, elapsed in done:
        print(f"{path} ready at {elapsed:.2f}s")
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
