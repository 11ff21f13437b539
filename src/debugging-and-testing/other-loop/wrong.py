import asyncio
import time

jobs = asyncio.Queue()  # MISTAKE: one queue shared by every asyncio.run below


async def worker(name, start):
    job = await jobs.get()  # the first wait ties the queue to this loop
    print(f"{time.perf_counter() - start:.2f}s  {name} batch got {job}")


async def batch(name):
    start = time.perf_counter()
    waiter = asyncio.create_task(worker(name, start))
    await asyncio.sleep(0.5)  # a simulated upstream delivers the job later
    await jobs.put(f"{name}-job")
    await waiter


for name in ("first", "second"):
    try:
        asyncio.run(batch(name))
    except RuntimeError as error:
        # The message starts with the queue's repr, which holds a memory address.
        print(f"{name} batch: RuntimeError: <Queue ...> {str(error).split('> ', 1)[1]}")
