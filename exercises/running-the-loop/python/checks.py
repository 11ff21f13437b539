import inspect
import time

from workbook_checks import check

SYMBOLS = ["GOOG", "AAPL", "AMZN", "MSFT"]
EXPECTED = [141, 189, 178, 410]
QUOTE = 0.5
ONE_LOOP = (
    "Use one event loop for the whole batch (a single asyncio.run) "
    "and asyncio.gather inside it"
)
TOGETHER = (
    "Start them all together with asyncio.gather instead of awaiting "
    "one after another"
)


def described(error):
    return f"{type(error).__name__}: {error}"


def timing_advice(elapsed, fix):
    at_once = max(1, round(len(SYMBOLS) * QUOTE / elapsed)) if elapsed > 0 else len(SYMBOLS)
    if at_once == 1:
        return f"as if one quote ran at a time. {fix}"
    return f"as if only {at_once} quotes ran at a time; all {len(SYMBOLS)} should overlap"


@check("get_prices returns every price, in order")
def sync_prices_in_order(learner):
    try:
        got = learner.get_prices(list(SYMBOLS))
    except Exception as error:
        raise AssertionError(
            f"get_prices({SYMBOLS}) raised {described(error)}; called from ordinary "
            "sync code, with no event loop running, it should return the prices"
        ) from None
    assert not inspect.isawaitable(got), (
        "get_prices returned something to await instead of the prices: sync callers "
        "can't await, so get_prices must run the async code itself (asyncio.run)"
    )
    assert got is not None and list(got) == EXPECTED, (
        f"get_prices({SYMBOLS}) returned {got!r}; expected {EXPECTED} "
        "(one price per symbol, in the same order)"
    )


@check("get_prices fetches the quotes together")
def sync_prices_concurrent(learner):
    start = time.perf_counter()
    learner.get_prices(list(SYMBOLS))
    elapsed = time.perf_counter() - start
    assert elapsed < 0.75, (
        f"get_prices took {elapsed:.2f} s for {len(SYMBOLS)} quotes of {QUOTE} s each, "
        f"{timing_advice(elapsed, ONE_LOOP)}. Expected about {QUOTE:.2f} s"
    )


@check("fetch_all works inside a running event loop")
async def async_prices_in_order(learner):
    outcome = learner.fetch_all(list(SYMBOLS))
    assert inspect.isawaitable(outcome), (
        "fetch_all(symbols) returned a plain value instead of something to await: "
        "keep it an `async def` so async callers can `await fetch_all(symbols)`"
    )
    try:
        got = await outcome
    except RuntimeError as error:
        raise AssertionError(
            f"awaiting fetch_all raised {described(error)}. The caller's event loop is "
            "already running, so nothing inside fetch_all may call asyncio.run (not even "
            "through get_prices): await the coroutines instead"
        ) from None
    assert got is not None and list(got) == EXPECTED, (
        f"fetch_all({SYMBOLS}) returned {got!r}; expected {EXPECTED} "
        "(one price per symbol, in the same order)"
    )


@check("fetch_all fetches the quotes together")
async def async_prices_concurrent(learner):
    start = time.perf_counter()
    try:
        await learner.fetch_all(list(SYMBOLS))
    except RuntimeError as error:
        raise AssertionError(
            f"fetch_all raised {described(error)}, so it fetched nothing; "
            "fix the check above first"
        ) from None
    elapsed = time.perf_counter() - start
    assert elapsed < 0.75, (
        f"fetch_all took {elapsed:.2f} s for {len(SYMBOLS)} quotes of {QUOTE} s each, "
        f"{timing_advice(elapsed, TOGETHER)}. Expected about {QUOTE:.2f} s"
    )
