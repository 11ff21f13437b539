import asyncio
import time
import warnings

PRICES = {"AAPL": 189}


# A simulated market-data API (no network): every quote takes 1 s.
async def fetch_price(symbol):
    await asyncio.sleep(1)
    return PRICES[symbol]


def get_price(symbol):
    """Sync wrapper, written for scripts."""
    return asyncio.run(fetch_price(symbol))


async def handle_quote(symbol, start):
    price = await fetch_price(symbol)  # already inside the loop: just await
    print(f"{time.perf_counter() - start:.2f}s  {symbol} {price}")


async def main():
    start = time.perf_counter()
    # record warnings so they print here, in order, rather than on stderr
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            await handle_quote("AAPL", start)
        except RuntimeError as error:
            print(f"RuntimeError: {error}")
    for warning in caught:
        print(f"{warning.category.__name__}: {warning.message}")


asyncio.run(main())
