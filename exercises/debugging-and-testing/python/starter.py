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


# TODO: this test passes whatever save_all does. Make it really run, and make
# it fail when save_all loses records or saves them one at a time.
class SaveAllTest(unittest.TestCase):
    async def test_save_all(self):
        db = FakeDB()
        await save_all(db, ["a", "b", "c"])


def main():
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(SaveAllTest).run(result)
    print(f"ran {result.testsRun}, failures {len(result.failures)}, errors {len(result.errors)}")


if __name__ == "__main__":
    main()
