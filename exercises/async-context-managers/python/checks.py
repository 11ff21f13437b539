import asyncio
import time

from workbook_checks import check

PATIENCE = 5.0  # seconds of (virtual) time before a check gives up


class Pool:
    """The exercise's pool, with a record of what happened to it."""

    def __init__(self, size=2):
        self.size = size
        self.free = asyncio.Queue()
        for n in range(1, size + 1):
            self.free.put_nowait(f"conn-{n}")
        self.out = set()
        self.releases = 0

    async def acquire(self):
        conn = await self.free.get()
        self.out.add(conn)
        return conn

    def release(self, conn):
        if conn not in self.out:
            raise RuntimeError(f"{conn} was released but is not borrowed")
        self.out.remove(conn)
        self.releases += 1
        self.free.put_nowait(conn)

    def borrowed(self):
        return ", ".join(sorted(self.out))


async def bounded(coro, what):
    try:
        async with asyncio.timeout(PATIENCE):
            return await coro
    except TimeoutError:
        raise AssertionError(
            f"{what} was still waiting after {PATIENCE:.0f} s; does connection(pool) "
            "wait for a connection that never comes back?"
        ) from None


@check("a normal body gets a connection and gives it back")
async def normal_body(learner):
    pool = Pool()

    async def use():
        async with learner.connection(pool) as conn:
            assert conn in pool.out, (
                f"inside `async with connection(pool) as conn`, conn was {conn!r}, "
                "not a connection borrowed from the pool: yield what pool.acquire() returned"
            )

    await bounded(use(), "a plain `async with connection(pool)`")
    assert not pool.out, (
        f"after the body ended normally, {pool.borrowed()} was still borrowed; "
        "expected every connection back in the pool"
    )


@check("after an exception, the connection comes back and the exception goes on")
async def after_exception(learner):
    pool = Pool()

    class Boom(Exception):
        pass

    async def use():
        async with learner.connection(pool):
            await asyncio.sleep(0.1)
            raise Boom("the query failed")

    try:
        await bounded(use(), "a body that raises")
    except Boom:
        pass
    else:
        raise AssertionError(
            "the body raised an exception, but it never reached the caller: "
            "connection(pool) swallowed it. Give the connection back, then let the "
            "exception carry on (try/finally does both)"
        )
    assert not pool.out, (
        f"the body raised an exception, and afterwards {pool.borrowed()} was still "
        f"borrowed: {pool.free.qsize()} of {pool.size} connections left in the pool. "
        "The exception comes out of the `yield`, so the line after it never ran"
    )


@check("a cancelled body gives its connection back")
async def after_cancel(learner):
    pool = Pool()

    async def use():
        async with learner.connection(pool):
            await asyncio.sleep(10)

    task = asyncio.create_task(use())
    await asyncio.sleep(0.1)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert not pool.out, (
        f"the task was cancelled in the middle of its body, and afterwards "
        f"{pool.borrowed()} was still borrowed. Cancellation raises CancelledError "
        "at the `yield`, so code after the `yield` never runs, and since it is a "
        "BaseException, not an Exception, `except Exception` doesn't catch it "
        "either. A `finally` block runs in both cases"
    )
    assert task.cancelled(), (
        "the task was cancelled in the middle of its body, but it ended as if nothing "
        "had happened: connection(pool) swallowed the CancelledError. Let it carry on "
        "after giving the connection back"
    )


@check("never more than `size` bodies at once, and no waiting beyond that")
async def bounded_use(learner):
    pool = Pool(size=2)
    inside = {"now": 0, "peak": 0}

    async def use():
        async with learner.connection(pool):
            inside["now"] += 1
            inside["peak"] = max(inside["peak"], inside["now"])
            await asyncio.sleep(0.1)
            inside["now"] -= 1

    start = time.perf_counter()
    await bounded(asyncio.gather(*(use() for _ in range(5))), "five bodies")
    elapsed = time.perf_counter() - start
    assert inside["peak"] <= 2, (
        f"with a pool of 2, {inside['peak']} bodies ran at once; borrow from the "
        "pool with `await pool.acquire()`, which waits while both are out"
    )
    assert elapsed < 0.35, (
        f"five bodies of 0.1 s with a pool of 2 took {elapsed:.2f} s; expected 0.30 s "
        "(two at a time). Something waits longer than it has to"
    )
    assert not pool.out, f"afterwards {pool.borrowed()} was still borrowed"
