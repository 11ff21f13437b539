import asyncio
import unittest
import warnings


def report(message, category, filename, lineno, file=None, line=None):
    print(f"{category.__name__}: {message}")


warnings.showwarning = report


async def fetch_total(prices):
    await asyncio.sleep(0.1)  # a simulated price service
    return sum(prices[:-1])  # the bug under test: drops the last price


class TotalTest(unittest.IsolatedAsyncioTestCase):  # runs each test on its own loop
    async def test_total(self):
        self.assertEqual(await fetch_total([1, 2, 3]), 6)


def main():
    # Our own summary: unittest's runner prints timings and file paths.
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(TotalTest).run(result)
    print(f"ran {result.testsRun}, failures {len(result.failures)}, errors {len(result.errors)}")
    for test, trace in result.failures:
        print(f"FAIL {test.id()}: {trace.strip().splitlines()[-1]}")


main()
