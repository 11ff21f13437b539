import asyncio
import time


# --- the order service: leave this part as it is -----------------------------
charged = []  # every card charge that went through


class OrderFailed(Exception):
    """What place_order raises: `problems` lists every failure, sorted."""

    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = problems


async def check_address(order):
    await asyncio.sleep(0.1)  # simulated address service
    if not order["address"]:
        raise ValueError("no delivery address")


async def reserve_stock(order):
    await asyncio.sleep(0.1)  # simulated warehouse
    if order["quantity"] > 5:
        raise ValueError(f"only 5 in stock, {order['quantity']} ordered")


async def charge_card(order):
    await asyncio.sleep(0.3)  # simulated payment provider
    charged.append(order["card"])
# ------------------------------------------------------------------------------


async def place_order(order):
    """Run the three steps at once: return "order placed", or raise OrderFailed."""
    problems = []
    try:
        # The group cancels the other steps as soon as one fails, and waits
        # for them to stop before it raises.
        async with asyncio.TaskGroup() as tg:
            for step in (check_address, reserve_stock, charge_card):
                tg.create_task(step(order))
    except* ValueError as group:
        # Every ValueError that happened before the cancellations took hold.
        problems = sorted(str(error) for error in group.exceptions)
    if problems:
        raise OrderFailed(problems)
    return "order placed"


async def main():
    start = time.perf_counter()
    order = {"address": "", "quantity": 9, "card": "4242"}
    try:
        print(await place_order(order))
    except OrderFailed as failure:
        print(f"order failed: {failure.problems}")
    print(f"answered at {time.perf_counter() - start:.2f}s")
    await asyncio.sleep(0.5)  # the shop keeps running
    print(f"cards charged: {charged}")


if __name__ == "__main__":
    asyncio.run(main())
