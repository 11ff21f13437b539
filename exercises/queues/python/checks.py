import asyncio
import inspect
import time

from workbook_checks import check

PATIENCE = 5.0  # seconds of (virtual) time before we call crawl() stuck


class Source:
    """An iterator of URLs that remembers how many have been read from it."""

    def __init__(self, count):
        self.urls = [f"https://example.com/{n}" for n in range(count)]
        self.read = 0

    def __iter__(self):
        for url in self.urls:
            self.read += 1
            yield url


async def run_crawl(learner, count, workers):
    """Run crawl() with a patched fetch; never wait more than PATIENCE seconds."""
    source = Source(count)
    stats = {"fetches": 0, "now": 0, "peak": 0, "read_at_first_done": None}
    original = learner.fetch

    async def watched_fetch(url):
        stats["fetches"] += 1
        stats["now"] += 1
        stats["peak"] = max(stats["peak"], stats["now"])
        try:
            return await original(url)
        finally:
            stats["now"] -= 1
            if stats["read_at_first_done"] is None:
                stats["read_at_first_done"] = source.read

    # crawl() finds fetch in its module globals when it runs: patch it there
    learner.fetch = watched_fetch
    start = time.perf_counter()
    try:
        outcome = learner.crawl(iter(source), workers=workers)
        assert inspect.isawaitable(outcome), (
            "crawl(urls) returned a plain value instead of something to await: "
            "keep it an `async def`"
        )
        crawling = asyncio.ensure_future(outcome)
        await asyncio.wait({crawling}, timeout=PATIENCE)
        elapsed = time.perf_counter() - start
        if not crawling.done():
            others = [t for t in asyncio.all_tasks() if t is not crawling
                      and t is not asyncio.current_task()]
            crawling.cancel()
            await asyncio.gather(crawling, return_exceptions=True)
            return None, elapsed, stats, len(others), source
        bodies = crawling.result()
    finally:
        learner.fetch = original
    await asyncio.sleep(0)  # let tasks cancelled on the way out finish
    leftover = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    return bodies, elapsed, stats, len(leftover), source


def stuck_message(stats, waiting, count, first=False):
    if not first:
        return f"crawl() had not returned after {PATIENCE:.0f} s (see the first check)"
    return (
        f"crawl() had not returned after {PATIENCE:.0f} s, though it had fetched "
        f"{stats['fetches']} of {count} pages; {waiting} other "
        f"{'task was' if waiting == 1 else 'tasks were'} still waiting, most likely "
        "workers blocked in queue.get() for an item that never comes. A worker "
        "stops only when it takes a sentinel, and one None stops one worker"
    )


@check("crawl() returns once every URL is fetched")
async def returns(learner):
    bodies, elapsed, stats, waiting, _ = await run_crawl(learner, 6, workers=3)
    assert bodies is not None, stuck_message(stats, waiting, 6, first=True)


@check("returns every body, keyed by URL")
async def every_body(learner):
    bodies, _, stats, waiting, source = await run_crawl(learner, 6, workers=3)
    assert bodies is not None, stuck_message(stats, waiting, 6)
    expected = {url: f"<{url}>" for url in source.urls}
    assert isinstance(bodies, dict), (
        f"crawl() returned a {type(bodies).__name__}; expected a dict {{url: body}}"
    )
    missing = [url for url in source.urls if url not in bodies]
    assert not missing, (
        f"crawl() returned {len(bodies)} bodies for {len(source.urls)} URLs; "
        f"missing: {missing}"
    )
    assert bodies == expected, f"crawl() returned {bodies}; expected {expected}"


@check("exactly `workers` fetches run at once")
async def side_by_side(learner):
    bodies, elapsed, stats, waiting, _ = await run_crawl(learner, 6, workers=2)
    assert bodies is not None, stuck_message(stats, waiting, 6)
    assert stats["peak"] == 2, (
        f"with workers=2, at most {stats['peak']} "
        f"{'fetch ran' if stats['peak'] == 1 else 'fetches ran'} at once; expected "
        f"exactly 2. Six pages of 0.2 s took {elapsed:.2f} s; with two workers "
        "they take 0.60 s"
    )


@check("never reads far ahead of the workers")
async def back_pressure(learner):
    bodies, _, stats, waiting, source = await run_crawl(learner, 20, workers=3)
    assert bodies is not None, stuck_message(stats, waiting, 20)
    read = stats["read_at_first_done"]
    assert read is not None and read <= 8, (
        f"when the first page had been fetched, crawl() had already read {read} of "
        f"the {len(source.urls)} URLs, so it was {read - 3} URLs ahead of the 3 workers. "
        "With 3 workers it should have read at most 8: give the queue a maxsize, "
        "and let `await queue.put()` hold the producer back"
    )


@check("leaves no worker task behind")
async def no_leftovers(learner):
    bodies, _, stats, leftover, _ = await run_crawl(learner, 6, workers=3)
    assert bodies is not None, stuck_message(stats, leftover, 6)
    assert leftover == 0, (
        f"after crawl() returned, {leftover} "
        f"{'task was' if leftover == 1 else 'tasks were'} still running; expected "
        "none. Every worker should have finished (or been cancelled) before "
        "crawl() returns"
    )
