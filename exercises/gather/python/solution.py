import asyncio
import time

# How long each widget's service takes to answer (simulated, no network).
WIDGETS = {"news": 0.3, "weather": 0.2, "stocks": 0.5, "calendar": 0.1}


# --- the widget services: leave this function as it is ----------------------
async def load_widget(name):
    """Simulated service call: the weather service is down today."""
    await asyncio.sleep(WIDGETS[name])
    if name == "weather":
        raise ConnectionError("weather service unreachable")
    return f"<{name} widget>"
# ------------------------------------------------------------------------------


async def load_dashboard(names):
    """Load every widget in `names`; return (loaded, failed), both in input order.

    loaded: [(name, widget), ...] for the widgets that loaded;
    failed: [(name, exception), ...] for the ones that raised.
    """
    # return_exceptions=True: a failure becomes that widget's result, so one
    # broken service neither ends the wait nor throws the others away.
    results = await asyncio.gather(
        *(load_widget(name) for name in names), return_exceptions=True
    )
    loaded, failed = [], []
    # Look at every result: the failures are in the list, not raised.
    for name, result in zip(names, results):
        if isinstance(result, BaseException):
            failed.append((name, result))
        else:
            loaded.append((name, result))
    return loaded, failed


async def main():
    start = time.perf_counter()
    loaded, failed = await load_dashboard(list(WIDGETS))
    for name, widget in loaded:
        print(f"{name}: {widget}")
    for name, error in failed:
        print(f"{name}: unavailable ({type(error).__name__}: {error})")
    print(f"took {time.perf_counter() - start:.2f}s")


if __name__ == "__main__":
    asyncio.run(main())
