import asyncio
import time

RECORDS = ["alice", "bob", "", "dave", "eve?"]


class InvalidRecord(Exception):
    pass


# A simulated database (no network): a write takes 0.2 s, bad names are refused.
async def save(record):
    await asyncio.sleep(0.2)
    if not record.isalpha():
        raise InvalidRecord(f"bad name {record!r}")
    return record


async def main():
    start = time.perf_counter()
    results = await asyncio.gather(
        *(save(record) for record in RECORDS), return_exceptions=True
    )
    # look at every result: the failures are in the list, not raised
    failed = [result for result in results if isinstance(result, BaseException)]
    saved = len(results) - len(failed)
    print(f"{time.perf_counter() - start:.2f}s  saved {saved} of {len(RECORDS)} records")
    for error in failed:
        print(f"  not saved: {type(error).__name__}: {error}")


asyncio.run(main())
