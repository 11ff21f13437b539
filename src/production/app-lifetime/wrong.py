import asyncio
import contextlib
import time


class Database:
    """A simulated database connection (no network)."""

    is_open = True

    async def save(self, what, log):
        if not self.is_open:
            raise ConnectionError(f"cannot save {what}: the connection is closed")
        await asyncio.sleep(0.1)  # a write takes 0.1 s
        log(f"{what} saved")


async def flush_metrics(db, log):
    """Lives as long as the application: saves its counters every second."""
    try:
        while True:
            await asyncio.sleep(1.0)
            await db.save("metrics", log)
    finally:
        await db.save("last metrics", log)  # counted since the last save


@contextlib.asynccontextmanager
async def lifespan(log):
    db = Database()  # opened first, so it must close last
    flusher = asyncio.create_task(flush_metrics(db, log))
    try:
        yield
    finally:
        flusher.cancel()  # only asks it to stop: it is still running below
        db.is_open = False
        await asyncio.sleep(0.1)  # closing the connection takes a moment
        log("database closed")


async def main():
    start = time.perf_counter()
    log = lambda text: print(f"{time.perf_counter() - start:.2f}s  {text}")
    async with lifespan(log):
        await asyncio.sleep(2.5)  # the application serves requests until shutdown
    log("application stopped")


asyncio.run(main())
