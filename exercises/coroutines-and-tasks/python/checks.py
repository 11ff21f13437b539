import asyncio
import inspect
import time

from workbook_checks import check

DELAY = 0.25


class Unplugged(Exception):
    pass


class FakeSensor:
    """Behaves like the exercise's Sensor, and counts the requests it gets."""

    def __init__(self, value=18.25, error=None):
        self.value = value
        self.error = error
        self.requests = 0

    def request(self, on_reading, on_error):
        self.requests += 1
        loop = asyncio.get_running_loop()
        if self.error is not None:
            loop.call_later(DELAY, on_error, self.error)
        else:
            loop.call_later(DELAY, on_reading, self.value)


async def call_read(learner, sensor, timeout=1.0):
    outcome = learner.read(sensor)
    assert inspect.isawaitable(outcome), (
        "read(sensor) returned a plain value instead of something to await: keep it "
        "an `async def`, since the reading only arrives later"
    )
    return await asyncio.wait_for(outcome, timeout)


@check("returns the reading")
async def returns_the_reading(learner):
    sensor = FakeSensor(value=18.25)
    try:
        got = await call_read(learner, sensor)
    except TimeoutError:
        raise AssertionError(
            "read() was still waiting 1 s after the sensor sent 18.25 (it answers "
            f"after {DELAY} s): resolve the future from the on_reading callback"
        ) from None
    assert got == 18.25, f"the sensor sent 18.25 but read() returned {got!r}"
    assert sensor.requests == 1, (
        f"read() sent {sensor.requests} requests to the sensor; one reading needs one request"
    )


@check("returns as soon as the reading arrives")
async def returns_promptly(learner):
    start = time.perf_counter()
    await call_read(learner, FakeSensor())
    late = time.perf_counter() - start - DELAY
    assert late < 0.02, (
        f"the reading arrived after {DELAY:.2f} s, but read() returned {late:.2f} s later, "
        "at the next time it polled. A future wakes the awaiting task the moment "
        "set_result is called: no polling, no delay"
    )


@check("raises the error the sensor reports")
async def raises_the_error(learner):
    error = Unplugged("sensor unplugged")
    try:
        got = await call_read(learner, FakeSensor(error=error))
    except Unplugged as raised:
        assert raised is error, "read() raised a different Unplugged error than the sensor reported"
    except TimeoutError:
        raise AssertionError(
            f"the sensor reported Unplugged('sensor unplugged') after {DELAY} s, but read() "
            "was still waiting 1 s later. Pass on_error a function that calls "
            "set_exception(error) on the future, so `await` raises it"
        ) from None
    else:
        raise AssertionError(
            f"the sensor reported Unplugged('sensor unplugged'), but read() returned {got!r} "
            "instead of raising it"
        )


@check("a read that gives up leaves no error behind")
async def gives_up_cleanly(learner):
    loop = asyncio.get_running_loop()
    reported = []
    loop.set_exception_handler(lambda loop, context: reported.append(context))
    try:
        await call_read(learner, FakeSensor(), timeout=0.1)
    except TimeoutError:
        pass
    else:
        raise AssertionError(f"read() returned before the sensor answered after {DELAY} s")
    await asyncio.sleep(DELAY)  # the sensor answers now, to a reader that has left
    assert not reported, (
        "a read() cancelled by a 0.1 s timeout still got its callback 0.15 s later, "
        f"and the callback raised: {reported[0].get('exception')!r}. wait_for cancelled "
        "the future, and setting a result on a done future raises InvalidStateError. "
        "Check future.done() in the callbacks first"
    )
