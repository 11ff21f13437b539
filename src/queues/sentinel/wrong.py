import asyncio
import time

WORKERS = 3


async def worker(name, queue, start):
    handled = 0
    while await queue.get() is not None:
        await asyncio.sleep(0.2)  # one job takes 0.2 s
        handled += 1
    print(f"{time.perf_counter() - start:.2f}s  {name} stops after {handled} jobs")


async def main():
    start = time.perf_counter()
    queue = asyncio.Queue()
    workers = [
        asyncio.create_task(worker(f"worker-{n}", queue, start), name=f"worker-{n}")
        for n in range(1, WORKERS + 1)
    ]
    for job in range(6):
        await queue.put(job)
    await queue.put(None)  # one sentinel for three workers: only one of them stops
    # without a timeout this wait never ends: CPython would hang here
    await asyncio.wait(workers, timeout=5)
    for task in workers:
        if not task.done():
            print(f"{time.perf_counter() - start:.2f}s  {task.get_name()} still waits in get()")
            task.cancel()
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
