import asyncio
import time

PRICES = {"AAPL": 189, "MSFT": 410}


class QuoteClient:
    """A simulated API client (no network). Like real async clients, it
    belongs to the event loop that was running when it was created."""

    def __init__(self):
        self._loop = asyncio.get_running_loop()

    async def price(self, symbol):
        reply = self._loop.create_future()
        # the reply arrives 0.5 s later, delivered by the client's own loop
        self._loop.call_later(0.5, reply.set_result, PRICES[symbol])
        return await reply


async def connect():
    await asyncio.sleep(0.2)  # the handshake
    return QuoteClient()


async def main():
    start = time.perf_counter()
    client = await connect()
    print(f"{time.perf_counter() - start:.2f}s  connected")
    for symbol in PRICES:
        price = await client.price(symbol)  # the same loop the client was made on
        print(f"{time.perf_counter() - start:.2f}s  {symbol} {price}")


try:
    asyncio.run(main())  # one loop for the client's whole life
except RuntimeError as error:
    print(f"RuntimeError: {error}")
