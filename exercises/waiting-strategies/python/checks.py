import asyncio
import inspect
import time

from workbook_checks import check

# name, seconds, broken
ALL_WORK = [("eu", 0.3, False), ("us", 0.1, False), ("asia", 0.5, False)]
FASTEST_BROKEN = [("us", 0.1, True), ("eu", 0.3, False), ("asia", 0.5, False)]
ALL_BROKEN = [("eu", 0.3, True), ("us", 0.1, True), ("asia", 0.5, True)]


class TimedFinishes(list):
    """Stands in for the module's `finished` list and notes when each download ended."""

    def __init__(self, start):
        super().__init__()
        self.start = start
        self.times = {}

    def append(self, name):
        self.times[name] = time.perf_counter() - self.start
        super().append(name)


class Race:
    """What one call to fastest did: its result, its time, and what it left behind."""

    def __init__(self, result, took, left_running, finishes):
        self.result = result
        self.took = took
        self.left_running = left_running
        self.finishes = finishes

    def finished_after(self):
        """The downloads that ran to their end after fastest had returned."""
        late = [name for name, at in self.finishes.times.items() if at > self.took + 1e-6]
        return ", ".join(f"{name} at {self.finishes.times[name]:.2f} s" for name in late)


async def race(learner, specs):
    mirrors = [learner.Mirror(name, seconds, broken) for name, seconds, broken in specs]
    start = time.perf_counter()
    finishes = TimedFinishes(start)
    # download looks `finished` up in the module when it runs: swap it there
    learner.finished = finishes
    outcome = learner.fastest(mirrors)
    assert inspect.isawaitable(outcome), (
        "fastest(mirrors) returned a plain value instead of something to await: "
        "keep it an `async def`"
    )
    try:
        result = await outcome
    except ConnectionError as error:
        result = error
    except Exception as error:
        raise AssertionError(
            f"fastest raised {type(error).__name__}: {error}; it should return the "
            "first successful download, or raise ConnectionError if every mirror fails"
        ) from None
    took = time.perf_counter() - start
    me = asyncio.current_task()
    left_running = [task for task in asyncio.all_tasks() if task is not me and not task.done()]
    await asyncio.sleep(1)  # the program carries on: does anything finish late?
    return Race(result, took, left_running, finishes)


@check("returns the fastest answer as soon as it arrives")
async def fastest_answer(learner):
    outcome = await race(learner, ALL_WORK)
    assert not isinstance(outcome.result, BaseException), (
        f"fastest raised {outcome.result!r} although every mirror works; "
        "expected 'file from us'"
    )
    assert outcome.result == "file from us", (
        f"fastest returned {outcome.result!r}; the us mirror answers first, after "
        "0.1 s, so expected 'file from us'"
    )
    assert outcome.took < 0.15, (
        f"fastest returned at {outcome.took:.2f} s; the us mirror had answered at "
        "0.10 s. Return as soon as the first download succeeds"
    )


@check("skips a mirror that fails and waits for the next one")
async def skips_failures(learner):
    outcome = await race(learner, FASTEST_BROKEN)
    assert not isinstance(outcome.result, BaseException), (
        f"fastest raised {outcome.result!r} at {outcome.took:.2f} s, when the us "
        "mirror failed, but eu and asia were still downloading and eu succeeded at "
        "0.30 s. A failed task in `done` is not the end: look at task.exception() "
        "and wait again for the ones still pending"
    )
    assert outcome.result == "file from eu", (
        f"fastest returned {outcome.result!r}; us fails at 0.1 s and eu succeeds at "
        "0.3 s, so expected 'file from eu'"
    )
    assert outcome.took < 0.35, (
        f"fastest returned at {outcome.took:.2f} s; eu had succeeded at 0.30 s"
    )


@check("leaves no download running")
async def no_leftovers(learner):
    outcome = await race(learner, ALL_WORK)
    still = len(outcome.left_running)
    late = outcome.finished_after()
    if still and all(task.cancelling() for task in outcome.left_running):
        raise AssertionError(
            f"you cancelled the {still} other downloads, but fastest returned before "
            "they had stopped: cancel() only asks. Wait for them too, for example "
            "with `await asyncio.gather(*pending, return_exceptions=True)`"
        )
    assert not late, (
        f"fastest returned at {outcome.took:.2f} s, but {still} "
        f"{'download was' if still == 1 else 'downloads were'} still running "
        f"and ran to the end later ({late}), fetching files nobody wanted. "
        "Cancel every task still pending once you have your answer"
    )
    assert not still, (
        f"when fastest returned, {still} tasks it started were still running; "
        "cancel them and wait until they have stopped"
    )


@check("raises ConnectionError when every mirror fails")
async def all_broken(learner):
    outcome = await race(learner, ALL_BROKEN)
    assert isinstance(outcome.result, ConnectionError), (
        f"every mirror fails, but fastest returned {outcome.result!r}; "
        "expected it to raise ConnectionError"
    )
