import asyncio
import time

HOLDINGS = {"AAPL": 10, "MSFT": 5}
PRICES = {"AAPL": 189, "MSFT": 410}


# A simulated market-data API (no network): every quote takes 1 s.
async def fetch_price(symbol):
    await asyncio.sleep(1)
    return PRICES[symbol]


def portfolio_value(holdings):
    total = 0
    for symbol, shares in holdings.items():
        total += shares * await fetch_price(symbol)  # 'await' in a plain def
    return total


async def main():
    start = time.perf_counter()
    value = portfolio_value(HOLDINGS)
    print(f"{time.perf_counter() - start:.2f}s  portfolio: {value}")


asyncio.run(main())
