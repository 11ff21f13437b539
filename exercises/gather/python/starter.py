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
    # TODO: this loads one widget at a time, and a widget that fails simply
    # disappears. Load them all at once, keep every widget that loaded, and
    # report every failure with its exception.
    loaded, failed = [], []
    for name in names:
        try:
            loaded.append((name, await load_widget(name)))
        except Exception:
            pass
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
