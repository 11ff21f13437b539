import asyncio
import time
import warnings


def report(message, category, filename, lineno, file=None, line=None):
    # The default report starts with this file's full path; keep the stable parts.
    print(f"line {lineno}: {category.__name__}: {message}")


warnings.showwarning = report
saved = []


async def save(record):
    await asyncio.sleep(0.1)  # a simulated database write
    saved.append(record)


async def main():
    start = time.perf_counter()
    for record in ("alice", "bob"):
        await save(record)  # runs the write and waits for it
    print(f"{time.perf_counter() - start:.2f}s  saved {saved}")


asyncio.run(main())
