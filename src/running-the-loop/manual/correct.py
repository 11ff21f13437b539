import asyncio
import time

SYMBOLS = ["AAPL", "MSFT"]
PRICES = {"AAPL": 189, "MSFT": 410}


# A simulated market-data API (no network): the ping takes 0.1 s, a quote 1 s.
async def ping():
    await asyncio.sleep(0.1)
    return "pong"


async def fetch_price(symbol):
    await asyncio.sleep(1)
    return PRICES[symbol]


def main():
    start = time.perf_counter()
    status = asyncio.run(ping())  # a one-off call: asyncio.run is the right tool
    print(f"{time.perf_counter() - start:.2f}s  health check: {status}")
    loop = asyncio.new_event_loop()  # a loop of our own, closed by us below
    try:
        for symbol in SYMBOLS:
            price = loop.run_until_complete(fetch_price(symbol))
            print(f"{time.perf_counter() - start:.2f}s  {symbol} {price}")
    finally:
        loop.close()


try:
    main()
except RuntimeError as error:
    print(f"RuntimeError: {error}")
