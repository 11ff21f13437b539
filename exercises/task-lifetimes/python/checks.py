import asyncio
import gc
import time
import weakref

from workbook_checks import check


class Bus:
    """A simulated message bus that, like some libraries, holds waiters weakly."""

    def __init__(self):
        self.waiters = weakref.WeakSet()

    async def receive(self):
        future = asyncio.get_running_loop().create_future()
        self.waiters.add(future)
        return await future

    def publish(self, message):
        for future in list(self.waiters):
            future.set_result(message)


class Errors:
    """Records on_error calls, with the time each one came."""

    def __init__(self):
        self.start = time.perf_counter()
        self.calls = []

    def __call__(self, error):
        self.calls.append((time.perf_counter() - self.start, error))


def watch_loop():
    """Collect what the loop would log (destroyed tasks, unretrieved errors...)."""
    reported = []
    asyncio.get_running_loop().set_exception_handler(
        lambda loop, context: reported.append(context["message"])
    )
    return reported


def new_background(learner, on_error=None):
    return learner.Background(on_error=on_error or Errors())


@check("a running task survives garbage collection")
async def survives_gc(learner):
    reported = watch_loop()
    background = new_background(learner)
    bus = Bus()
    received = []

    async def listen():
        received.append(await bus.receive())

    background.spawn(listen())  # the check keeps no reference of its own
    await asyncio.sleep(0.1)
    gc.collect()
    bus.publish("hello")
    await asyncio.sleep(0.1)
    assert received == ["hello"], (
        "a background task waiting for a message never got it: gc.collect() "
        f"destroyed it first (the loop reported {reported!r}). The event loop "
        "holds tasks only weakly, so Background must keep a strong reference "
        "to each task until it is done"
    )


@check("a finished task is let go")
async def lets_go(learner):
    background = new_background(learner)

    async def quick():
        await asyncio.sleep(0.1)

    task = weakref.ref(background.spawn(quick()))
    await asyncio.sleep(0.2)
    gc.collect()
    assert task() is None, (
        "a task that finished 0.10 s ago is still referenced after gc.collect(): "
        "if Background keeps every task it ever ran, a long-running program "
        "leaks memory. Drop the reference when the task is done "
        "(task.add_done_callback can do that)"
    )


@check("a failure reaches on_error as soon as it happens")
async def reports_failures(learner):
    reported = watch_loop()
    errors = Errors()
    background = new_background(learner, errors)
    problem = ConnectionError("mail server down")

    async def fails():
        await asyncio.sleep(0.2)
        raise problem

    background.spawn(fails())
    await asyncio.sleep(0.3)
    gc.collect()
    assert errors.calls, (
        "a background task raised ConnectionError('mail server down') at 0.20 s, "
        "and on_error was not called by 0.30 s"
        + (f"; the loop logged {reported!r} instead" if reported else "")
        + ". Call on_error with the exception when the task finishes "
        "(a done callback runs at that moment)"
    )
    when, error = errors.calls[0]
    assert len(errors.calls) == 1 and error is problem, (
        f"on_error was called {len(errors.calls)} time(s), first with {error!r}; "
        "expected once, with the exception the task raised: "
        "ConnectionError('mail server down')"
    )
    assert when < 0.25, (
        f"the task failed at 0.20 s but on_error only heard of it at {when:.2f} s: "
        "report a failure when the task finishes, not later"
    )
    assert not reported, (
        f"on_error was called, but the loop still logged {reported!r}: "
        "retrieve the exception with task.exception() so it counts as handled"
    )


@check("cancelling a background task is not a failure")
async def cancel_is_not_failure(learner):
    reported = watch_loop()
    errors = Errors()
    background = new_background(learner, errors)
    task = background.spawn(asyncio.sleep(10))
    await asyncio.sleep(0.1)
    task.cancel()
    await asyncio.sleep(0.1)
    assert not errors.calls, (
        f"a background task was cancelled and on_error got {errors.calls[0][1]!r}: "
        "a cancellation is somebody's decision, not a failure. Check "
        "task.cancelled() before asking for task.exception()"
    )
    assert not reported, (
        f"cancelling a background task made the loop report {reported!r}. "
        "task.exception() raises CancelledError on a cancelled task: check "
        "task.cancelled() first"
    )


@check("drain() waits for every task, even after a failure")
async def drains(learner):
    errors = Errors()
    background = new_background(learner, errors)
    finished = []

    async def job(name, seconds, fail=False):
        await asyncio.sleep(seconds)
        if fail:
            raise ValueError(f"{name} failed")
        finished.append(name)

    background.spawn(job("a", 0.3))
    background.spawn(job("b", 0.1, fail=True))
    background.spawn(job("c", 0.5))
    start = time.perf_counter()
    try:
        await background.drain()
    except Exception as error:
        assert False, (
            f"drain() raised {error!r}. That failure already went to on_error; "
            "drain() should only wait (gather(..., return_exceptions=True) "
            "waits without raising)"
        )
    elapsed = time.perf_counter() - start
    assert sorted(finished) == ["a", "c"], (
        f"drain() returned after {elapsed:.2f} s with {sorted(finished)!r} finished; "
        "expected it to wait for the 0.3 s and 0.5 s jobs, returning at 0.50 s"
    )
