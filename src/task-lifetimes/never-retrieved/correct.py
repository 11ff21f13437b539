import asyncio
import time

background = set()  # strong references keep running tasks alive


def finished(task):
    background.discard(task)
    # retrieving the exception is what handles it: report it, retry, alert...
    if not task.cancelled() and task.exception() is not None:
        print(f"background task failed: {task.exception()!r}")


def spawn(coro):
    task = asyncio.create_task(coro)
    background.add(task)
    task.add_done_callback(finished)
    return task


# A simulated mail server (no network): it takes 0.2 s and refuses odd orders.
async def send_receipt(order, start):
    await asyncio.sleep(0.2)
    if order % 2:
        raise ConnectionError(f"mail server refused the receipt for order {order}")
    print(f"{time.perf_counter() - start:.2f}s  receipt sent for order {order}")


async def main():
    start = time.perf_counter()
    for order in (6, 7, 8):
        spawn(send_receipt(order, start))
    await asyncio.sleep(0.5)  # the shop keeps serving customers
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
