import asyncio
import time

SYMBOLS = ["AAPL", "MSFT", "GOOG"]
# A simulated market-data API (no network): each quote has its own latency.
LATENCY = {"AAPL": 0.3, "MSFT": 0.1, "GOOG": 0.2}
PRICES = {"AAPL": 189, "MSFT": 410, "GOOG": 141}


async def fetch_price(symbol, start):
    await asyncio.sleep(LATENCY[symbol])
    print(f"{time.perf_counter() - start:.2f}s  {symbol} replied")
    return PRICES[symbol]


async def main():
    start = time.perf_counter()
    # gather's results follow its arguments, whatever order they finished in
    prices = await asyncio.gather(*(fetch_price(symbol, start) for symbol in SYMBOLS))
    for symbol, price in zip(SYMBOLS, prices):
        print(f"{symbol} {price}")


asyncio.run(main())
