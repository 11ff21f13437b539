import asyncio
import time

SYMBOLS = ["AAPL", "MSFT", "GOOG"]
PRICES = {"AAPL": 189, "MSFT": 410, "GOOG": 141}


# A simulated market-data API (no network): every quote takes 1 s.
async def fetch_price(symbol):
    await asyncio.sleep(1)
    return PRICES[symbol]


async def fetch_prices(symbols):
    return await asyncio.gather(*(fetch_price(symbol) for symbol in symbols))


def get_prices(symbols):
    """Sync wrapper, so the report below can stay an ordinary function."""
    return asyncio.run(fetch_prices(symbols))  # one event loop for the whole batch


def main():
    start = time.perf_counter()
    for symbol, price in zip(SYMBOLS, get_prices(SYMBOLS)):
        print(f"{time.perf_counter() - start:.2f}s  {symbol} {price}")
    print(f"total: {time.perf_counter() - start:.2f}s")


main()
