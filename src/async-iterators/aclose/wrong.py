import asyncio
import time

open_connections = 0


async def rows(start):
    """Streams rows over a simulated database connection, 0.1 s per row."""
    global open_connections
    open_connections += 1
    try:
        for n in range(1, 1000):
            await asyncio.sleep(0.1)
            yield n
    finally:
        open_connections -= 1  # hands the connection back to the pool
        print(f"{time.perf_counter() - start:.2f}s  connection returned")


async def main():
    start = time.perf_counter()
    stream = rows(start)
    async for n in stream:  # break leaves the generator paused at its yield, still open
        if n == 3:
            break
    print(f"{time.perf_counter() - start:.2f}s  got 3 rows; connections open: {open_connections}")
    await asyncio.sleep(2)  # the rest of the request's work
    print(f"{time.perf_counter() - start:.2f}s  work done; connections open: {open_connections}")


asyncio.run(main())
