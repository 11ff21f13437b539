import asyncio
import time


class Connection:
    """A simulated database connection: no network, only the waiting.
    Connecting takes 0.2 s, a query 0.3 s, closing 0.1 s."""

    async def __aenter__(self):
        await asyncio.sleep(0.2)  # the loop serves other tasks while this one connects
        return self

    async def __aexit__(self, *exc_info):
        await asyncio.sleep(0.1)  # and while it closes

    async def query(self, sql):
        await asyncio.sleep(0.3)
        return f"rows of {sql!r}"


async def handle(name, start):
    async with Connection() as conn:
        print(f"{time.perf_counter() - start:.2f}s  {name} connected")
        await conn.query("SELECT 1")
    print(f"{time.perf_counter() - start:.2f}s  {name} done")


async def main():
    start = time.perf_counter()
    await asyncio.gather(handle("A", start), handle("B", start), handle("C", start))
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
