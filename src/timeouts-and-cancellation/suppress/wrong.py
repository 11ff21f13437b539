import asyncio
import time
from contextlib import suppress


# A simulated log shipper (no real disk): every 0.3 s it flushes a chunk,
# and the third flush finds the disk full.
async def flush_logs(start):
    for chunk in range(1, 10):
        await asyncio.sleep(0.3)
        if chunk == 3:
            raise OSError("disk full")
        print(f"{time.perf_counter() - start:.2f}s  flushed chunk {chunk}")


async def main():
    start = time.perf_counter()
    flusher = asyncio.create_task(flush_logs(start))
    await asyncio.sleep(1.5)  # the application does its real work meanwhile
    flusher.cancel()  # shutting down; does nothing if the task already ended
    try:
        with suppress(Exception, asyncio.CancelledError):  # too broad: hides the crash
            await flusher
    except OSError as error:
        print(f"{time.perf_counter() - start:.2f}s  the flusher had crashed: {error}")
    print(f"{time.perf_counter() - start:.2f}s  shut down")


asyncio.run(main())
