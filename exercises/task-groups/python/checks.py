import asyncio
import inspect
import time

from workbook_checks import check

GOOD = {"address": "1 Main Street", "quantity": 2, "card": "4242"}
NO_ADDRESS = {"address": "", "quantity": 2, "card": "4242"}
TWO_PROBLEMS = {"address": "", "quantity": 9, "card": "4242"}


class TimedCharges(list):
    """Stands in for the module's `charged` list and notes when each charge landed."""

    def __init__(self, start):
        super().__init__()
        self.start = start
        self.times = []

    def append(self, card):
        self.times.append(time.perf_counter() - self.start)
        super().append(card)


async def place(learner, order):
    """Run place_order; return (what it returned or raised, seconds, charges)."""
    start = time.perf_counter()
    charges = TimedCharges(start)
    # charge_card looks `charged` up in the module when it runs: swap it there
    learner.charged = charges
    outcome = learner.place_order(dict(order))
    assert inspect.isawaitable(outcome), (
        "place_order(order) returned a plain value instead of something to await: "
        "keep it an `async def`"
    )
    try:
        result = await outcome
    except learner.OrderFailed as failure:
        result = failure
    except Exception as error:
        raise AssertionError(
            f"place_order raised {type(error).__name__}: {error}. Every failed step "
            "should come out as one OrderFailed listing the problems; catch the "
            "TaskGroup's ExceptionGroup with `except* ValueError` and raise "
            "OrderFailed from what it holds"
        ) from None
    return result, time.perf_counter() - start, charges


@check("a good order is placed, with the steps running at once")
async def good_order(learner):
    result, elapsed, charges = await place(learner, GOOD)
    assert not isinstance(result, learner.OrderFailed), (
        f"a valid order failed with the problems {result.problems}; "
        "expected the result \"order placed\""
    )
    assert result == "order placed", (
        f"a valid order returned {result!r}; expected \"order placed\""
    )
    assert list(charges) == ["4242"], (
        f"the card was charged {len(charges)} times for one valid order; expected once"
    )
    assert elapsed < 0.35, (
        f"the order took {elapsed:.2f} s; the steps take 0.1 s, 0.1 s and 0.3 s, so "
        "run side by side they need only 0.30 s. Start all three before waiting"
    )


@check("a failed step stops the other steps at once")
async def failure_stops_the_rest(learner):
    result, elapsed, charges = await place(learner, NO_ADDRESS)
    assert isinstance(result, learner.OrderFailed), (
        f"an order without an address returned {result!r}; expected OrderFailed"
    )
    assert result.problems == ["no delivery address"], (
        f"OrderFailed listed {result.problems}; expected ['no delivery address']"
    )
    assert elapsed < 0.15, (
        f"the address check failed at 0.10 s, but place_order only gave up at "
        f"{elapsed:.2f} s. Stop waiting for the other steps once one fails"
    )
    await asyncio.sleep(0.5)  # the shop keeps running: do the orphans finish?
    assert not charges, (
        f"the address check failed at 0.10 s and place_order reported it at "
        f"{elapsed:.2f} s, but the card was still charged at {charges.times[0]:.2f} s: "
        "the other steps kept running after the order had failed. Cancel them when "
        "one step fails (a TaskGroup does it for you)"
    )


@check("every failure of that moment is reported, sorted")
async def both_problems(learner):
    result, elapsed, charges = await place(learner, TWO_PROBLEMS)
    expected = ["no delivery address", "only 5 in stock, 9 ordered"]
    assert isinstance(result, learner.OrderFailed), (
        f"an order with no address and too many items returned {result!r}; "
        "expected OrderFailed"
    )
    problems = list(result.problems)
    assert sorted(problems) == expected, (
        f"both checks fail at 0.10 s, but OrderFailed listed only {problems}; "
        f"expected {expected}. A TaskGroup collects every failure in one "
        "ExceptionGroup: take the messages from `group.exceptions`"
    )
    assert problems == expected, (
        f"OrderFailed listed {problems}; expected them sorted: {expected}"
    )
