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
    # every failure is now an item in results, and nobody looks at them
    print(f"{time.perf_counter() - start:.2f}s  saved {len(results)} of {len(RECORDS)} records")


asyncio.run(main())
