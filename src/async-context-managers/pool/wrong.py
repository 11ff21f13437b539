import asyncio
import time
from contextlib import asynccontextmanager


class Pool:  # a simulated pool of database connections (no network)
    def __init__(self, size):
        self.free = asyncio.Queue()
        for n in range(1, size + 1):
            self.free.put_nowait(f"conn-{n}")

    @asynccontextmanager
    async def connection(self):
        conn = await self.free.get()  # waits while every connection is out
        try:
            yield conn
        finally:
            self.free.put_nowait(conn)  # back in the pool, even after an error


async def execute(conn, sql):  # a simulated query: 0.1 s, and no DROP allowed
    await asyncio.sleep(0.1)
    if "DROP" in sql:
        raise PermissionError(f"{sql!r} refused on {conn}")
    return f"{sql!r} ok on {conn}"


async def run(pool, sql, start):
    try:
        async with asyncio.timeout(2):  # never wait forever for a connection
            conn = await pool.free.get()
            result = await execute(conn, sql)  # when this raises, conn never goes back
            pool.free.put_nowait(conn)
    except PermissionError as error:
        result = f"PermissionError: {error}"
    except TimeoutError:
        result = f"{sql!r} got no connection within 2 s"
    print(f"{time.perf_counter() - start:.2f}s  {result}")


async def main():
    start = time.perf_counter()
    pool = Pool(2)
    sqls = ["SELECT 1", "DROP users", "DROP orders", "SELECT 2", "SELECT 3", "SELECT 4"]
    await asyncio.gather(*(run(pool, sql, start) for sql in sqls))
    print(f"free connections at the end: {pool.free.qsize()}")


asyncio.run(main())
