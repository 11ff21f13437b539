import asyncio
import inspect
import time

from workbook_checks import check

URLS = [f"https://example.com/{name}" for name in ("a", "b", "c", "d")]
TICK = 0.05


async def call_fetch_all(learner, urls):
    outcome = learner.fetch_all(urls)
    assert inspect.isawaitable(outcome), (
        "fetch_all(urls) returned a plain value instead of something to await: "
        "keep it an `async def` so callers can `await fetch_all(urls)`"
    )
    return await outcome


@check("returns every body, in input order")
async def bodies_in_order(learner):
    urls = [URLS[2], URLS[0], URLS[3], URLS[1]]
    expected = [f"<{url}>" for url in urls]
    got = await call_fetch_all(learner, urls)
    assert got is not None, (
        f"fetch_all returned None; expected the list {expected}"
    )
    got = list(got)
    assert len(got) == len(expected), (
        f"fetch_all returned {len(got)} bodies for {len(urls)} URLs; "
        f"expected one body per URL: {expected}"
    )
    assert got == expected, (
        f"for the URLs {urls} fetch_all returned {got}; "
        f"expected {expected} (same order as the input)"
    )


@check("the event loop keeps running during fetch_all")
async def loop_not_blocked(learner):
    ticks = []

    async def heartbeat():
        while True:
            ticks.append(time.perf_counter())
            await asyncio.sleep(TICK)

    beat = asyncio.create_task(heartbeat())
    await asyncio.sleep(0)  # let the heartbeat take its first tick
    await call_fetch_all(learner, URLS)
    ticks.append(time.perf_counter())
    beat.cancel()
    worst = max(later - earlier for earlier, later in zip(ticks, ticks[1:]))
    assert worst < 0.15, (
        f"a heartbeat task that should tick every {TICK:.2f} s went {worst:.2f} s "
        f"without a tick: the event loop was blocked for {worst:.2f} s, so nothing "
        "else could run while fetch_all waited. Hand each blocking legacy_fetch "
        "call to a worker thread and await it"
    )


@check("the fetches overlap")
async def fetches_overlap(learner):
    original = learner.legacy_fetch
    calls = []

    def counting_fetch(url):
        calls.append(url)
        return original(url)

    # fetch_all finds legacy_fetch in its module globals when it runs: patch it there
    learner.legacy_fetch = counting_fetch
    try:
        start = time.perf_counter()
        await call_fetch_all(learner, URLS)
        elapsed = time.perf_counter() - start
    finally:
        learner.legacy_fetch = original
    assert len(calls) == len(URLS), (
        f"fetch_all made {len(calls)} calls to legacy_fetch for {len(URLS)} URLs; "
        "expected exactly one call per URL, through the module-level name legacy_fetch"
    )
    # Each call takes 0.2 s, so the elapsed time says how many ran side by side.
    at_once = max(1, round(len(URLS) * 0.2 / elapsed)) if elapsed > 0 else len(URLS)
    advice = (
        "Start every call before awaiting any of them"
        if at_once == 1
        else "Something caps how many run at once: is your thread pool too small?"
    )
    assert elapsed < 0.3, (
        f"the {len(URLS)} URLs took {elapsed:.2f} s, as if {at_once} "
        f"{'fetch' if at_once == 1 else 'fetches'} ran at a time; all {len(URLS)} should "
        f"overlap and finish in about 0.20 s. {advice}"
    )
