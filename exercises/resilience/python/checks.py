import asyncio
import inspect
import random
import time

from workbook_checks import check

SEED = 42
# How far a measured wait may stray from the expected one (real clocks jitter).
SLACK = 0.02


class Service:
    """Fails its first `failures` calls (answers after that) and notes when each call came."""

    def __init__(self, learner, failures):
        self.error = learner.Unavailable
        self.failures = failures
        self.calls = []

    async def call(self):
        self.calls.append(time.perf_counter())
        await asyncio.sleep(0)
        if len(self.calls) <= self.failures:
            raise self.error(f"503 (call {len(self.calls)})")
        return "200 OK"


def expected_waits(count, base=0.1, cap=1.0):
    rng = random.Random(SEED)
    return [rng.uniform(0, min(cap, base * 2 ** (n - 1))) for n in range(1, count + 1)]


def gaps(calls):
    return [later - earlier for earlier, later in zip(calls, calls[1:])]


def seconds(values):
    return ", ".join(f"{value:.2f}" for value in values)


async def retry(learner, service, **options):
    outcome = learner.call_with_retry(service.call, random.Random(SEED), **options)
    assert inspect.isawaitable(outcome), (
        "call_with_retry(...) returned a plain value instead of something to await: "
        "keep it an `async def`"
    )
    return await outcome


@check("returns the answer once an attempt succeeds")
async def returns_after_recovery(learner):
    service = Service(learner, failures=2)
    try:
        result = await retry(learner, service)
    except learner.Unavailable as error:
        raise AssertionError(
            f"call_with_retry raised {error!r} after {len(service.calls)} calls, but the "
            "third call would have succeeded: with attempts=5 it should keep trying"
        ) from None
    assert result == "200 OK", f"call_with_retry returned {result!r}; expected '200 OK'"
    assert len(service.calls) == 3, (
        f"the service was called {len(service.calls)} times; it answers on the 3rd call, "
        "so expected exactly 3 calls"
    )


@check("waits with an exponential ceiling and full jitter")
async def waits_between_attempts(learner):
    service = Service(learner, failures=10)
    try:
        await retry(learner, service)
    except learner.Unavailable:
        pass
    waited = gaps(service.calls)
    expected = expected_waits(4)
    assert len(waited) == 4, (
        f"with attempts=5 the service should be called 5 times; it was called "
        f"{len(service.calls)} times"
    )
    if max(waited) < SLACK:
        raise AssertionError(
            f"the waits between attempts were {seconds(waited)} s: it retried at once, "
            f"hammering the service. With this rng they should be {seconds(expected)} s"
        )
    wrong = [n for n, (got, want) in enumerate(zip(waited, expected), 1) if abs(got - want) > SLACK]
    assert not wrong, (
        f"the waits between attempts were {seconds(waited)} s; with random.Random({SEED}) "
        f"they should be {seconds(expected)} s. After failure n, wait "
        "rng.uniform(0, min(cap, base * 2 ** (n - 1))) and draw nothing else from rng"
    )


@check("gives up after the last attempt, at once")
async def gives_up(learner):
    service = Service(learner, failures=10)
    try:
        result = await retry(learner, service, attempts=3)
    except learner.Unavailable as error:
        raised = error
    else:
        raise AssertionError(
            f"call_with_retry returned {result!r} though every attempt failed; "
            "it should raise the last Unavailable"
        )
    lingered = time.perf_counter() - service.calls[-1]
    assert len(service.calls) == 3, (
        f"with attempts=3 the service was called {len(service.calls)} times; expected 3"
    )
    assert str(raised) == "503 (call 3)", (
        f"call_with_retry raised {raised!r}; expected the last failure, "
        "Unavailable('503 (call 3)'): re-raise it rather than a new exception"
    )
    assert lingered < SLACK, (
        f"after the third and last attempt failed, call_with_retry waited another "
        f"{lingered:.2f} s before raising. Nobody gains from that wait: raise at once"
    )
