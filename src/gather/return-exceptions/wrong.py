import asyncio
import time

WIDGETS = {"news": 0.3, "weather": 0.2, "stocks": 0.5, "calendar": 0.1}


# Simulated widget services (no network); the weather service is down.
async def load_widget(name):
    await asyncio.sleep(WIDGETS[name])
    if name == "weather":
        raise ConnectionError("weather service unreachable")
    return f"<{name} widget>"


async def main():
    start = time.perf_counter()
    try:
        # one failure throws away every other result
        widgets = await asyncio.gather(*(load_widget(name) for name in WIDGETS))
    except ConnectionError as error:
        print(f"{time.perf_counter() - start:.2f}s  dashboard failed: {error}")
        return
    for name, widget in zip(WIDGETS, widgets):
        print(f"{name}: {widget}")
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
