import asyncio
import time


def crunch(seconds):
    """Keep the CPU busy for `seconds`, standing in for real number crunching."""
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        pass


def render_invoice(order):
    """Looks like a quick library call, but computes for 0.3 s."""
    crunch(0.3)


async def handle(order, arrives):
    await asyncio.sleep(arrives)
    received = time.perf_counter()
    await asyncio.sleep(0.1)  # the database answers
    if order == "B":
        render_invoice(order)  # blocks the loop for 0.3 s
    print(f"order {order} answered in {time.perf_counter() - received:.2f}s")


async def watch_loop(start, interval=0.1):
    loop = asyncio.get_running_loop()
    while True:
        due = loop.time() + interval
        await asyncio.sleep(interval)
        lag = loop.time() - due  # a free loop wakes this task on time, a blocked one late
        if lag >= 0.1:
            print(f"loop blocked for {lag:.2f}s, noticed at {loop.time() - start:.2f}s")


async def main():
    orders = [("A", 0.0), ("B", 0.1), ("C", 0.15)]
    requests = asyncio.gather(*(handle(order, arrives) for order, arrives in orders))
    # a task of its own beside the handlers: when they stall the loop, it wakes late
    monitor = asyncio.create_task(watch_loop(asyncio.get_running_loop().time()))
    await requests
    monitor.cancel()


asyncio.run(main())
