import asyncio
import time


def flush_cache():
    time.sleep(0.25)  # a plain callback blocks the loop as much as a task does
    print("cache flushed")


async def main():
    asyncio.get_running_loop().call_later(0.1, flush_cache)
    await asyncio.sleep(0.5)
    print("main done")


asyncio.run(main())
