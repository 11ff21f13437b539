import asyncio
import time


class Connection:
    """A simulated database connection: no network, only the waiting.
    Connecting takes 0.2 s, a query 0.3 s, closing 0.1 s."""

    def __enter__(self):
        time.sleep(0.2)  # blocking connect: the whole event loop waits
        return self

    def __exit__(self, *exc_info):
        time.sleep(0.1)  # blocking close: the whole event loop waits again

    async def query(self, sql):
        await asyncio.sleep(0.3)
        return f"rows of {sql!r}"


async def handle(name, start):
    with Connection() as conn:
        print(f"{time.perf_counter() - start:.2f}s  {name} connected")
        await conn.query("SELECT 1")
    print(f"{time.perf_counter() - start:.2f}s  {name} done")


async def main():
    start = time.perf_counter()
    await asyncio.gather(handle("A", start), handle("B", start), handle("C", start))
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
