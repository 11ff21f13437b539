import asyncio
import inspect
import time

from workbook_checks import check


def service(plan):
    """A stand-in for load_widget: plan maps name -> (seconds, exception or None)."""

    async def load_widget(name):
        seconds, error = plan[name]
        await asyncio.sleep(seconds)
        if error is not None:
            raise error
        return f"<{name} widget>"

    return load_widget


async def call_dashboard(learner, plan):
    """Run the learner's load_dashboard against `plan`; return (loaded, failed)."""
    original = learner.load_widget
    # load_dashboard finds load_widget in its module globals when it runs: patch it there
    learner.load_widget = service(plan)
    try:
        outcome = learner.load_dashboard(list(plan))
        assert inspect.isawaitable(outcome), (
            "load_dashboard(names) returned a plain value instead of something to "
            "await: keep it an `async def`"
        )
        try:
            result = await outcome
        except Exception as error:
            raise AssertionError(
                f"load_dashboard raised {type(error).__name__}: {error}. One failing "
                "widget must not take the whole dashboard down: keep the widgets that "
                "loaded and report the failure in `failed`"
            ) from None
    finally:
        learner.load_widget = original
    assert isinstance(result, tuple) and len(result) == 2, (
        f"load_dashboard returned {result!r}; expected a pair (loaded, failed) of lists"
    )
    loaded, failed = (list(part) for part in result)
    return loaded, failed


def failing_plan():
    return {
        "news": (0.3, None),
        "weather": (0.2, ConnectionError("weather service unreachable")),
        "stocks": (0.5, None),
        "ads": (0.4, TimeoutError("ad server too slow")),
        "calendar": (0.1, None),
    }


def described(error):
    return f"{type(error).__name__}({str(error)!r})"


@check("loads the widgets at the same time")
async def loads_concurrently(learner):
    plan = {
        "news": (0.3, None),
        "weather": (0.2, None),
        "stocks": (0.5, None),
        "calendar": (0.1, None),
    }
    start = time.perf_counter()
    await call_dashboard(learner, plan)
    elapsed = time.perf_counter() - start
    slowest = max(seconds for seconds, _ in plan.values())
    total = sum(seconds for seconds, _ in plan.values())
    advice = (
        "that is the sum of the waits, so the widgets loaded one after another. "
        "Start them all with one asyncio.gather"
        if elapsed >= total - 0.05
        else "some widgets still waited for others"
    )
    assert elapsed < slowest + 0.1, (
        f"four widgets taking 0.3, 0.2, 0.5 and 0.1 s took {elapsed:.2f} s in all: "
        f"{advice}. Loaded together they take about {slowest:.2f} s, as long as the slowest"
    )


@check("keeps every widget that loaded, in input order")
async def keeps_loaded_widgets(learner):
    plan = failing_plan()
    loaded, _ = await call_dashboard(learner, plan)
    expected = [(name, f"<{name} widget>") for name, (_, error) in plan.items() if error is None]
    assert loaded == expected, (
        f"with weather and ads failing, `loaded` was {loaded}; expected {expected}: "
        "every widget that loaded, as (name, widget), in the order of `names`"
    )


@check("reports every failure with its exception")
async def reports_failures(learner):
    plan = failing_plan()
    _, failed = await call_dashboard(learner, plan)
    expected = [(name, error) for name, (_, error) in plan.items() if error is not None]
    got = [
        (name, described(error) if isinstance(error, BaseException) else error)
        for name, error in failed
    ]
    want = [(name, described(error)) for name, error in expected]
    assert failed, (
        f"weather and ads raised {described(expected[0][1])} and {described(expected[1][1])}, "
        "but `failed` is empty: the errors were swallowed. Keep each exception and put "
        "(name, exception) in `failed`"
    )
    assert got == want, (
        f"`failed` was {got}; expected {want}: every widget that raised, as "
        "(name, the exception it raised), in the order of `names`"
    )
