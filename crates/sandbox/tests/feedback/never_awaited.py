import asyncio


async def save(record):
    await asyncio.sleep(0.1)  # a simulated database write
    print(f"saved {record}")


async def main():
    for record in ("alice", "bob"):
        save(record)  # creates a coroutine and drops it
    print("main done")


asyncio.run(main())
