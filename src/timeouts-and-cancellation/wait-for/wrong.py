import asyncio
import time


# A simulated payment gateway (no network): charging a card takes 1.5 s.
async def charge_card(order, start):
    await asyncio.sleep(1.5)
    print(f"{time.perf_counter() - start:.2f}s  card charged for order {order}")


async def send_invoice(order, start):
    await asyncio.sleep(2)
    print(f"{time.perf_counter() - start:.2f}s  invoice sent for order {order}")


async def checkout(order, start):
    payment = asyncio.create_task(charge_card(order, start))
    done, pending = await asyncio.wait({payment}, timeout=1)  # stops only the waiting
    if pending:
        print(f"{time.perf_counter() - start:.2f}s  card too slow, billing by invoice")
        await send_invoice(order, start)


async def main():
    start = time.perf_counter()
    await checkout(42, start)
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
