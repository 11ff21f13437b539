import asyncio
import time

MONTHS = ["jan", "feb", "mar", "apr"]


def render_report(month):
    """A legacy library call with no async version: it blocks for 0.2 s."""
    time.sleep(0.2)
    return f"report-{month}.pdf"


async def make_report(month, start):
    path = render_report(month)  # blocks the whole event loop
    return path, time.perf_counter() - start


async def main():
    start = time.perf_counter()
    done = await asyncio.gather(*(make_report(m, start) for m in MONTHS))
    # gather returns results in input order, however the work interleaved
    for path, elapsed in done:
        print(f"{path} ready at {elapsed:.2f}s")
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
