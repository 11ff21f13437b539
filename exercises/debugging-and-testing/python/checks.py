import asyncio
import inspect
import unittest
import warnings

from workbook_checks import check

RECORDS = ["a", "b", "c"]


async def good_save_all(db, records):
    await asyncio.gather(*(db.save(record) for record in records))


async def forgetful_save_all(db, records):
    for record in records:
        db.save(record)  # the bug: never awaited, so nothing is stored


async def one_at_a_time_save_all(db, records):
    for record in records:
        await db.save(record)  # the bug: 0.3 s for three records instead of 0.1 s


def test_cases(learner):
    return [
        value for value in vars(learner).values()
        if isinstance(value, type) and issubclass(value, unittest.TestCase)
    ]


def run_learner_tests(learner, implementation):
    """Run every test in the learner's module with `save_all` swapped for `implementation`."""
    original = learner.save_all
    learner.save_all = implementation
    result = unittest.TestResult()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the forgetful version's "never awaited" noise
            for case in test_cases(learner):
                unittest.defaultTestLoader.loadTestsFromTestCase(case).run(result)
    finally:
        learner.save_all = original
    return result


def last_line(trace):
    return trace.strip().splitlines()[-1]


@check("your tests run, and pass on a correct save_all")
def passes_on_good(learner):
    cases = test_cases(learner)
    assert cases, "no unittest.TestCase subclass found: keep a test class such as SaveAllTest"
    for case in cases:
        for name in unittest.defaultTestLoader.getTestCaseNames(case):
            method = getattr(case, name)
            assert not (
                inspect.iscoroutinefunction(method)
                and not issubclass(case, unittest.IsolatedAsyncioTestCase)
            ), (
                f"{case.__name__}.{name} is an `async def` in a plain unittest.TestCase: "
                "calling it only creates a coroutine, nobody awaits it, and the test "
                "'passes' without running a line. Derive the class from "
                "unittest.IsolatedAsyncioTestCase"
            )
    result = run_learner_tests(learner, good_save_all)
    assert result.testsRun > 0, "your test classes hold no test_* methods, so nothing ran"
    problems = [
        f"{test.id().rsplit('.', 1)[-1]}: {last_line(trace)}"
        for test, trace in result.failures + result.errors
    ]
    assert not problems, (
        f"against a correct save_all (3 records stored in 0.10 s), "
        f"{len(problems)} of {result.testsRun} tests failed: {'; '.join(problems)}. "
        "A test that fails on correct code only cries wolf"
    )


@check("your tests catch a save_all that forgets to await")
def catches_forgotten_await(learner):
    result = run_learner_tests(learner, forgetful_save_all)
    assert result.failures or result.errors, (
        f"all {result.testsRun} of your tests passed against a save_all that stores "
        "nothing (it calls db.save without await, so the rows stay []). Check which "
        "records ended up in db.rows"
    )


@check("your tests catch a save_all that saves one record at a time")
def catches_sequential_saves(learner):
    result = run_learner_tests(learner, one_at_a_time_save_all)
    assert result.failures or result.errors, (
        f"all {result.testsRun} of your tests passed against a save_all that stores "
        "the 3 records one after another, taking 0.30 s instead of 0.10 s. Measure "
        "the time with asyncio.get_running_loop().time() around the call and assert "
        "it stays well under 0.3 s"
    )
