import asyncio
import inspect
import time

from workbook_checks import check

NAMES = ["cat", "dog", "owl", "fox"]
DOWNLOAD = 0.3
RESIZE = 0.2
TICK = 0.05


async def call_make_thumbnails(learner, names):
    outcome = learner.make_thumbnails(names)
    assert inspect.isawaitable(outcome), (
        "make_thumbnails(names) returned a plain value instead of something to await: "
        "keep it an `async def`, because it waits for downloads"
    )
    return await outcome


@check("returns every thumbnail, in input order")
async def thumbnails_in_order(learner):
    names = ["owl", "cat", "fox", "dog"]
    expected = [f"{name}.thumb" for name in names]
    got = await call_make_thumbnails(learner, names)
    assert got is not None, f"make_thumbnails returned None; expected the list {expected}"
    got = list(got)
    assert got == expected, (
        f"for {names} make_thumbnails returned {got}; expected {expected}: "
        "one thumbnail per name, in the same order as the names"
    )


@check("the downloads wait together")
async def downloads_overlap(learner):
    original = learner.download
    waiting = [0]
    peak = [0]

    async def counting_download(name):
        waiting[0] += 1
        peak[0] = max(peak[0], waiting[0])
        try:
            return await original(name)
        finally:
            waiting[0] -= 1

    # make_thumbnails finds download in its module globals when it runs: patch it there
    learner.download = counting_download
    try:
        await call_make_thumbnails(learner, NAMES)
    finally:
        learner.download = original
    verb = "was" if peak[0] == 1 else "were"
    assert peak[0] == len(NAMES), (
        f"at most {peak[0]} of the {len(NAMES)} downloads {verb} waiting at the same "
        f"time; all {len(NAMES)} should wait together, since waiting is what asyncio "
        "overlaps. Start every download before awaiting any of them"
    )


@check("the event loop keeps running while images are resized")
async def loop_not_blocked(learner):
    ticks = []

    async def heartbeat():
        while True:
            ticks.append(time.perf_counter())
            await asyncio.sleep(TICK)

    beat = asyncio.create_task(heartbeat())
    await asyncio.sleep(0)  # let the heartbeat take its first tick
    await call_make_thumbnails(learner, NAMES)
    ticks.append(time.perf_counter())
    beat.cancel()
    worst = max(later - earlier for earlier, later in zip(ticks, ticks[1:]))
    assert worst < 0.15, (
        f"a heartbeat task that should tick every {TICK:.2f} s went {worst:.2f} s "
        "without a tick: resize computed on the event loop's thread and froze every "
        "other task. Hand each resize to a worker process and await the result"
    )


@check("the resizes run side by side")
async def resizes_overlap(learner):
    start = time.perf_counter()
    await call_make_thumbnails(learner, NAMES)
    elapsed = time.perf_counter() - start
    one_at_a_time = len(NAMES) * (DOWNLOAD + RESIZE)
    assert elapsed < DOWNLOAD + (len(NAMES) - 1) * RESIZE, (
        f"{len(NAMES)} images took {elapsed:.2f} s. One at a time they take "
        f"{one_at_a_time:.2f} s; with the downloads overlapped but the resizes in a "
        f"row, {DOWNLOAD + len(NAMES) * RESIZE:.2f} s; with everything side by side, "
        f"about {DOWNLOAD + RESIZE:.2f} s. Run the resizes in a pool of worker "
        "processes, several at a time"
    )
