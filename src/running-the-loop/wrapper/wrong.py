import asyncio
import time

SYMBOLS = ["AAPL", "MSFT", "GOOG"]
PRICES = {"AAPL": 189, "MSFT": 410, "GOOG": 141}


# A simulated market-data API (no network): every quote takes 1 s.
async def fetch_price(symbol):
    await asyncio.sleep(1)
    return PRICES[symbol]


def get_price(symbol):
    """Sync wrapper, so the report below can stay an ordinary function."""
    return asyncio.run(fetch_price(symbol))  # a whole event loop per quote


def main():
    start = time.perf_counter()
    for symbol in SYMBOLS:
        price = get_price(symbol)
        print(f"{time.perf_counter() - start:.2f}s  {symbol} {price}")
    print(f"total: {time.perf_counter() - start:.2f}s")


main()
