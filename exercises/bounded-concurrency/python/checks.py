import asyncio
import inspect

from workbook_checks import check

FETCH_TIME = 0.1
SLOW_TIME = 0.5


def some_urls(count):
    return [f"https://api.example.com/items/{n}" for n in range(1, count + 1)]


class CountingFetch:
    """Stands in for `fetch`: counts the fetches in flight and keeps the peak."""

    def __init__(self, slow=()):
        self.slow = set(slow)
        self.calls = 0
        self.in_flight = 0
        self.peak = 0

    async def __call__(self, url):
        self.calls += 1
        self.in_flight += 1
        # Counting in a coroutine is exact: it can only be interrupted at an await.
        self.peak = max(self.peak, self.in_flight)
        try:
            await asyncio.sleep(SLOW_TIME if url in self.slow else FETCH_TIME)
        finally:
            self.in_flight -= 1
        return f"<{url}>"


async def run_fetch_all(learner, urls, limit, fake):
    """Run the learner's fetch_all with `fake` in place of fetch; time it."""
    original = learner.fetch
    # fetch_all looks fetch up in its module's globals when it runs: patch it there
    learner.fetch = fake
    try:
        outcome = learner.fetch_all(urls, limit)
        assert inspect.isawaitable(outcome), (
            "fetch_all(urls, limit) returned a plain value instead of something to "
            "await: keep it an `async def` so callers can `await fetch_all(urls, limit)`"
        )
        loop = asyncio.get_running_loop()
        start = loop.time()
        try:
            bodies = await outcome
        except RuntimeError as error:
            if "different event loop" not in str(error):
                raise
            raise AssertionError(
                "fetch_all used a semaphore that an earlier event loop had already "
                "used, and asyncio refused (RuntimeError: ... is bound to a different "
                "event loop). Each check runs in a fresh asyncio.run(), as separate "
                "runs of a program would. Create the semaphore inside fetch_all, so "
                "each call gets its own, with the limit it was given"
            ) from None
        return bodies, loop.time() - start
    finally:
        learner.fetch = original


def check_calls(fake, urls):
    assert fake.calls == len(urls), (
        f"fetch_all called fetch {fake.calls} times for {len(urls)} URLs; expected "
        "exactly one call per URL, through the module-level name fetch"
    )


@check("returns every body, in input order")
async def bodies_in_order(learner):
    urls = some_urls(12)
    urls = urls[5:] + urls[:5]
    expected = [f"<{url}>" for url in urls]
    fake = CountingFetch()
    bodies, _ = await run_fetch_all(learner, urls, 4, fake)
    assert bodies is not None, f"fetch_all returned None; expected the list {expected}"
    bodies = list(bodies)
    check_calls(fake, urls)
    assert bodies == expected, (
        f"for the URLs {urls} fetch_all returned {bodies}; expected {expected} "
        "(one body per URL, in the same order as the input)"
    )


@check("never more than `limit` fetches in flight")
async def respects_the_limit(learner):
    for limit in (5, 3):
        urls = some_urls(20)
        fake = CountingFetch()
        await run_fetch_all(learner, urls, limit, fake)
        check_calls(fake, urls)
        if fake.peak <= limit:
            continue
        if fake.peak == len(urls):
            why = (
                f"All {len(urls)} fetches were in flight together: nothing made the "
                f"ones after the first {limit} wait for a free slot."
            )
        else:
            why = (
                f"Is the limit written into the code instead of taken from the "
                f"`limit` argument? This call passed limit={limit}."
            )
        raise AssertionError(
            f"peak concurrency was {fake.peak}; the limit is {limit}. {why}"
        )


@check("keeps every slot busy")
async def keeps_slots_busy(learner):
    limit = 5
    urls = some_urls(10)
    # One slow URL: a fetch_all that refills each slot at once still needs only
    # 0.5 s, because the other nine fit into the four remaining slots meanwhile.
    fake = CountingFetch(slow=urls[:1])
    _, elapsed = await run_fetch_all(learner, urls, limit, fake)
    check_calls(fake, urls)
    took = (
        f"{len(urls)} fetches (one of them slow, {SLOW_TIME:.1f} s) took "
        f"{elapsed:.2f} s with limit={limit}; keeping all {limit} slots busy, they "
        f"take {SLOW_TIME:.2f} s."
    )
    if fake.peak < limit:
        raise AssertionError(
            f"peak concurrency was {fake.peak}; the limit is {limit}, so "
            f"{limit - fake.peak} of the slots were never used. {took} Start up to "
            "`limit` fetches at once"
        )
    assert elapsed < SLOW_TIME + 0.05, (
        f"{took} The slow fetch held up the others: it looks like fetch_all waits "
        "for a whole group to finish before it starts the next group. Start the "
        "next fetch as soon as any one finishes"
    )
