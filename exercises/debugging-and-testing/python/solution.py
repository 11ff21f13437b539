import asyncio
import unittest


class FakeDB:
    """A simulated database (no network): each save takes 0.1 s."""

    def __init__(self):
        self.rows = []

    async def save(self, record):
        await asyncio.sleep(0.1)
        self.rows.append(record)


async def save_all(db, records):
    """Store every record, all saves at once: three records take 0.1 s, not 0.3 s."""
    await asyncio.gather(*(db.save(record) for record in records))


# An async test case runs each test on a fresh event loop and awaits it.
class SaveAllTest(unittest.IsolatedAsyncioTestCase):
    async def test_saves_every_record(self):
        db = FakeDB()
        await save_all(db, ["a", "b", "c"])
        self.assertEqual(sorted(db.rows), ["a", "b", "c"])

    async def test_saves_concurrently(self):
        db = FakeDB()
        loop = asyncio.get_running_loop()
        start = loop.time()
        await save_all(db, ["a", "b", "c"])
        # One save takes 0.1 s; three in a row would take 0.3 s.
        self.assertLess(loop.time() - start, 0.15)


def main():
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(SaveAllTest).run(result)
    print(f"ran {result.testsRun}, failures {len(result.failures)}, errors {len(result.errors)}")


if __name__ == "__main__":
    main()
