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


async def main():
    orders = [("A", 0.0), ("B", 0.1), ("C", 0.15)]
    # nobody watches the loop: a block shows up only as slow answers
    await asyncio.gather(*(handle(order, arrives) for order, arrives in orders))


asyncio.run(main())
