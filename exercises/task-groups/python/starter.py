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
    # TODO: when one step fails, the others keep running (the card still gets
    # charged), and a second failure at the same moment is lost. Run the steps
    # in a TaskGroup and turn its ExceptionGroup into OrderFailed.
    steps = [
        asyncio.create_task(step(order))
        for step in (check_address, reserve_stock, charge_card)
    ]
    try:
        await asyncio.gather(*steps)
    except ValueError as error:
        raise OrderFailed([str(error)]) from None
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
