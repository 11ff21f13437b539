import asyncio
import time


async def worker(name, queue, start):
    while True:
        order = await queue.get()
        try:
            if order < 0:
                print(f"{time.perf_counter() - start:.2f}s  {name} rejects order {order}")
                continue
            await asyncio.sleep(0.2)  # packing and shipping
            print(f"{time.perf_counter() - start:.2f}s  {name} ships order {order}")
        finally:
            queue.task_done()  # runs on every path out of the body, even continue


async def main():
    start = time.perf_counter()
    queue = asyncio.Queue()
    for order in (101, 102, -1, 103):
        queue.put_nowait(order)
    workers = [asyncio.create_task(worker(f"worker-{n}", queue, start)) for n in (1, 2)]
    try:
        async with asyncio.timeout(3):  # stands in for "forever"
            await queue.join()
        print(f"{time.perf_counter() - start:.2f}s  join() returned: every order handled")
    except TimeoutError:
        print(f"{time.perf_counter() - start:.2f}s  join() still waiting, queue empty: {queue.empty()}")
    for task in workers:
        task.cancel()  # idle workers wait in get() forever; stop them
    await asyncio.gather(*workers, return_exceptions=True)
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
