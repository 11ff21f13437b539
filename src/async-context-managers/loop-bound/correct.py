import asyncio
import time


class ConnectionPool:
    """A simulated pool of database connections (no network): two requests at
    most run at once; a request takes 0.2 s."""

    def __init__(self, size):
        self.free = asyncio.Queue()  # no running loop needed to create it (3.10+)
        for n in range(1, size + 1):
            self.free.put_nowait(f"conn-{n}")

    async def query(self, sql):
        conn = await self.free.get()  # the first get() that waits ties the queue to its loop
        await asyncio.sleep(0.2)
        self.free.put_nowait(conn)
        return f"rows of {sql!r}"


class Api:
    def __init__(self):
        self.pool = ConnectionPool(2)  # made inside the running loop, one per loop


async def main(test):
    start = time.perf_counter()
    api = Api()
    try:
        await asyncio.gather(*(api.pool.query(f"SELECT {n}") for n in range(3)))
        print(f"{test}: 3 queries in {time.perf_counter() - start:.2f}s")
    except RuntimeError as error:
        # the message starts with the queue's repr, which holds a memory address
        print(f"{test}: RuntimeError: ...{str(error).rsplit('>', 1)[-1]}")


# Each test in a test suite (pytest-asyncio, unittest's IsolatedAsyncioTestCase)
# runs in a fresh event loop, just as these two asyncio.run calls do.
asyncio.run(main("test 1"))
asyncio.run(main("test 2"))
