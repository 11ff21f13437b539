import asyncio
import inspect
import time

from workbook_checks import check

DEADLINE = 1.0  # WIDGET_TIMEOUT in the exercise
SLOW = 3.0  # a widget far slower than its deadline


class Widget:
    """A simulated widget backend that remembers what happened to it."""

    def __init__(self, name, seconds):
        self.name = name
        self.seconds = seconds
        self.started = self.finished = self.cancelled = None

    async def __call__(self):
        self.started = time.perf_counter()
        try:
            await asyncio.sleep(self.seconds)
        except asyncio.CancelledError:
            self.cancelled = time.perf_counter()
            raise
        self.finished = time.perf_counter()
        return f"<{self.name}>"


def widgets(**seconds):
    return {name: Widget(name, took) for name, took in seconds.items()}


async def call_load_dashboard(learner, loaders):
    outcome = learner.load_dashboard(loaders)
    assert inspect.isawaitable(outcome), (
        "load_dashboard(loaders) returned a plain value instead of something to "
        "await: keep it an `async def` so callers can `await load_dashboard(...)`"
    )
    return await outcome


@check("returns every widget, with None for one that missed its deadline")
async def values(learner):
    loaders = widgets(profile=0.2, orders=0.3, recommendations=SLOW)
    expected = {"profile": "<profile>", "orders": "<orders>", "recommendations": None}
    got = await call_load_dashboard(learner, loaders)
    assert got == expected, (
        f"with widgets taking 0.2 s, 0.3 s and {SLOW:.0f} s, load_dashboard returned "
        f"{got!r}; expected {expected!r}: the value of each widget that loads within "
        f"{DEADLINE:.0f} s, and None for the one that doesn't"
    )


@check("a slow widget costs no more than its deadline")
async def bounded(learner):
    loaders = widgets(profile=0.2, recommendations=SLOW)
    start = time.perf_counter()
    await call_load_dashboard(learner, loaders)
    elapsed = time.perf_counter() - start
    assert elapsed < DEADLINE + 0.1, (
        f"with one widget taking 0.2 s and one taking {SLOW:.0f} s, load_dashboard "
        f"took {elapsed:.2f} s; it should give up on the slow one after "
        f"{DEADLINE:.0f} s and return in about {DEADLINE:.2f} s"
    )
    assert elapsed > 0.19, (
        f"load_dashboard returned after {elapsed:.2f} s, before even the fast widget "
        "(0.2 s) could load: wait for each widget up to its deadline"
    )


@check("a widget that misses its deadline is cancelled")
async def slow_one_cancelled(learner):
    loaders = widgets(profile=0.2, recommendations=SLOW)
    slow = loaders["recommendations"]
    start = time.perf_counter()
    await call_load_dashboard(learner, loaders)
    returned = time.perf_counter() - start
    await asyncio.sleep(max(0.0, SLOW + 0.5 - returned))  # time for it to finish
    if slow.finished is not None:
        ran = slow.finished - start
        assert False, (
            f"the {SLOW:.0f} s widget ran to the end, finishing at {ran:.2f} s "
            f"(load_dashboard returned at {returned:.2f} s). When a widget misses "
            "its deadline it must be cancelled, not just stopped waiting for: "
            "otherwise it goes on using a connection for nothing"
        )
    assert slow.cancelled is not None, (
        "the slow widget neither finished nor was cancelled: it was left waiting "
        "forever. Cancel it when its deadline passes"
    )


@check("cancelling load_dashboard cancels its widgets too")
async def caller_cancels(learner):
    loaders = widgets(profile=0.2, recommendations=SLOW)
    start = time.perf_counter()
    try:
        async with asyncio.timeout(0.5):  # the caller's own, shorter deadline
            await call_load_dashboard(learner, loaders)
    except TimeoutError:
        gave_up = time.perf_counter() - start
    else:
        gave_up = None
    finished = time.perf_counter() - start
    assert gave_up is not None, (
        "a caller wrapped load_dashboard in `asyncio.timeout(0.5)`, but instead of "
        f"a TimeoutError at 0.50 s it got a normal return at {finished:.2f} s. "
        "load_dashboard swallowed the cancellation meant for it: catch only "
        "TimeoutError, and let CancelledError through"
    )
    await asyncio.sleep(SLOW + 0.5 - gave_up)  # time for a leftover widget to finish
    slow = loaders["recommendations"]
    assert slow.finished is None, (
        f"the caller gave up at {gave_up:.2f} s, but the {SLOW:.0f} s widget went on "
        f"and finished at {slow.finished - start:.2f} s. When load_dashboard is "
        "cancelled, the widgets it started must be cancelled too: a TaskGroup "
        "does that for you, a bare create_task does not"
    )
