import asyncio
import time


class Database:
    """A simulated database client (no network): each call waits a little."""

    def __init__(self):
        self.connected = False

    async def connect(self):
        await asyncio.sleep(0.2)  # the handshake
        self.connected = True

    async def fetch_orders(self):
        if not self.connected:
            raise ConnectionError("fetch_orders() before connect() finished")
        await asyncio.sleep(0.1)  # the query
        return ["order-1", "order-2"]


async def main():
    start = time.perf_counter()
    db = Database()
    await db.connect()  # runs the handshake and waits for it to finish
    print(f"{time.perf_counter() - start:.2f}s  connected: {db.connected}")
    orders = await db.fetch_orders()
    print(f"{time.perf_counter() - start:.2f}s  {len(orders)} orders")


asyncio.run(main())
