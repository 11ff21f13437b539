import asyncio
import inspect

from workbook_checks import check

LOGS = ["ERROR a\nok", "ok\nok", "ERROR b\nERROR c", "ERROR d"]
CHUNK = 0.5
# Real threads are a little late now and then; the sandbox is exact.
SLACK = 0.1


class Progress:
    """An on_progress callback that notes when, and on which side, each call ran."""

    def __init__(self, loop, start):
        self.loop = loop
        self.start = start
        self.calls = []
        self.off_loop = 0

    def __call__(self, done, total):
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            # No running loop here: this call came straight from the worker thread.
            self.off_loop += 1
            return
        self.calls.append((done, total, self.loop.time() - self.start))


async def run_scan(learner, chunks):
    loop = asyncio.get_running_loop()
    # Debug mode makes asyncio refuse non-thread-safe calls from other threads,
    # and a high threshold keeps its slow-step warnings quiet.
    loop.set_debug(True)
    loop.slow_callback_duration = 60
    progress = Progress(loop, loop.time())
    outcome = learner.scan_with_progress(chunks, progress)
    assert inspect.isawaitable(outcome), (
        "scan_with_progress(chunks, on_progress) returned a plain value instead of "
        "something to await: keep it an `async def`"
    )
    try:
        found = await outcome
    except RuntimeError as error:
        if "Non-thread-safe" in str(error):
            raise AssertionError(
                "the worker thread called a loop method that is not thread-safe, and "
                f"asyncio's debug mode stopped it: RuntimeError: {error}. From another "
                "thread, only loop.call_soon_threadsafe(callback, *args) may hand work "
                "to the loop"
            ) from None
        raise
    calls_at_return = len(progress.calls)
    return found, progress, calls_at_return


def assert_on_the_loop(progress):
    assert progress.off_loop == 0, (
        f"on_progress was called {progress.off_loop} times from the worker thread, "
        "where no event loop runs. It must run on the loop: from the thread, hand each "
        "call over with loop.call_soon_threadsafe(on_progress, done, total)"
    )


def times(calls):
    return ", ".join(f"{at:.2f} s" for _, _, at in calls) or "never"


@check("returns the number of errors scan() found")
async def returns_the_count(learner):
    chunks = LOGS[:2]
    found, _, _ = await run_scan(learner, chunks)
    expected = sum(chunk.count("ERROR") for chunk in chunks)
    assert found == expected, (
        f"scan_with_progress returned {found!r} for chunks that hold {expected} "
        f"ERRORs; expected {expected}, the value scan() returns"
    )


@check("each report reaches the loop as its chunk finishes")
async def progress_as_it_goes(learner):
    chunks = LOGS[:3]
    total = len(chunks)
    _, progress, _ = await run_scan(learner, chunks)
    assert_on_the_loop(progress)
    expected = [(done, total) for done in range(1, total + 1)]
    got = [(done, of) for done, of, _ in progress.calls]
    assert got == expected, (
        f"on_progress was called with {got}; expected {expected}, one call per "
        "chunk, in order"
    )
    due = [CHUNK * done for done in range(1, total + 1)]
    arrived = [at for _, _, at in progress.calls]
    if all(abs(at - want) <= SLACK for at, want in zip(arrived, due)):
        return
    if all(at >= due[-1] - SLACK for at in arrived):
        why = ("They all arrive once the whole scan is over: hand each report to the "
               "loop while scan() is still running")
    else:
        why = "Hand each report to the loop the moment scan() makes it"
    assert False, (
        f"on_progress ran on the loop at {times(progress.calls)} after the start; it "
        f"should run as each chunk finishes: at {', '.join(f'{t:.2f} s' for t in due)}. "
        + why
    )


@check("the event loop keeps running during the scan")
async def loop_stays_free(learner):
    loop = asyncio.get_running_loop()
    beats = []

    async def heartbeat():
        while True:
            beats.append(loop.time())
            await asyncio.sleep(0.1)

    beat = asyncio.create_task(heartbeat())
    await asyncio.sleep(0)  # let the heartbeat take its first beat
    try:
        await run_scan(learner, LOGS[:2])
        beats.append(loop.time())
    finally:
        beat.cancel()
    worst = max(later - earlier for earlier, later in zip(beats, beats[1:]))
    assert worst < 0.3, (
        f"a heartbeat task that should beat every 0.10 s went {worst:.2f} s without a "
        "beat: the event loop was blocked while scan() ran. Run scan() in a worker "
        "thread (asyncio.to_thread) and await it"
    )


@check("every report has run by the time it returns, once")
async def nothing_left_over(learner):
    chunks = LOGS
    total = len(chunks)
    _, progress, calls_at_return = await run_scan(learner, chunks)
    assert_on_the_loop(progress)
    assert calls_at_return == total, (
        f"when scan_with_progress returned, on_progress had run {calls_at_return} "
        f"times for {total} chunks; all {total} reports should have reached the loop "
        "before it returns"
    )
    await asyncio.sleep(2 * CHUNK)
    assert len(progress.calls) == total, (
        f"on_progress ran {len(progress.calls)} times for {total} chunks, "
        f"{len(progress.calls) - total} of them after scan_with_progress had returned; "
        "expected exactly one call per chunk"
    )
    others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    assert not others, (
        f"{len(others)} task(s) were still pending after scan_with_progress returned; "
        "it should leave nothing running behind it"
    )
