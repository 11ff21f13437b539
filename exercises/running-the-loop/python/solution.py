import asyncio
import time

PRICES = {"AAPL": 189, "MSFT": 410, "GOOG": 141, "AMZN": 178}


# --- the market-data API: leave this function as it is -----------------------
async def fetch_price(symbol):
    """Simulated async API (no network): every quote takes 0.5 s."""
    await asyncio.sleep(0.5)
    return PRICES[symbol]
# ------------------------------------------------------------------------------


async def fetch_all(symbols):
    """For async callers: the prices of `symbols`, in the same order."""
    # Inside a running loop there is nothing to start: await, and let gather
    # run every quote at once and hand the prices back in argument order.
    return await asyncio.gather(*(fetch_price(symbol) for symbol in symbols))


def get_prices(symbols):
    """For sync callers (scripts, old code): the prices of `symbols`, in order."""
    # One event loop, started here at the edge, for the whole batch.
    return asyncio.run(fetch_all(symbols))


if __name__ == "__main__":
    start = time.perf_counter()
    print(get_prices(["AAPL", "MSFT", "GOOG", "AMZN"]))
    print(f"took {time.perf_counter() - start:.2f}s")
