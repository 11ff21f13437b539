import asyncio
import time
from contextlib import asynccontextmanager


# --- the simulated pool: leave this class as it is ----------------------------
class Pool:
    """A simulated pool of database connections (no network).

    acquire() waits while every connection is out; release(conn) gives one back.
    """

    def __init__(self, size=2):
        self.size = size
        self.free = asyncio.Queue()
        for n in range(1, size + 1):
            self.free.put_nowait(f"conn-{n}")
        self.out = set()

    async def acquire(self):
        conn = await self.free.get()
        self.out.add(conn)
        return conn

    def release(self, conn):
        if conn not in self.out:
            raise RuntimeError(f"{conn} was released but is not borrowed")
        self.out.remove(conn)
        self.free.put_nowait(conn)
# ------------------------------------------------------------------------------


@asynccontextmanager
async def connection(pool):
    """Borrow a connection from `pool` for the body of an `async with`."""
    conn = await pool.acquire()
    # finally runs however the body ends: normally, by an exception, or by
    # cancellation (CancelledError is not an Exception, so `except Exception`
    # would miss it). The exception itself carries on to the caller.
    try:
        yield conn
    finally:
        pool.release(conn)


async def query(pool, sql):
    async with connection(pool) as conn:
        await asyncio.sleep(0.1)  # a simulated query
        if "DROP" in sql:
            raise PermissionError(f"{sql!r} refused")
        return f"{sql!r} ok on {conn}"


async def main():
    start = time.perf_counter()
    pool = Pool(size=2)
    sqls = ["SELECT 1", "DROP users", "SELECT 2", "SELECT 3"]
    results = await asyncio.gather(*(query(pool, sql) for sql in sqls), return_exceptions=True)
    for result in results:
        print(result)
    print(f"free connections: {pool.free.qsize()} of {pool.size}")
    print(f"took {time.perf_counter() - start:.2f}s")


if __name__ == "__main__":
    asyncio.run(main())
