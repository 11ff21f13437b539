import asyncio
import time

WIDGET_TIMEOUT = 1  # seconds each widget may take


async def load_dashboard(loaders):
    """Load every widget at once; return {name: value}, with None for a widget
    that took longer than WIDGET_TIMEOUT."""
    # TODO: one slow widget holds the whole page up, and nothing ever stops it.
    # Give each widget its own deadline, cancel the ones that miss it, and let
    # a cancellation of load_dashboard itself go through.
    async with asyncio.TaskGroup() as group:
        tasks = {name: group.create_task(loader()) for name, loader in loaders.items()}
    return {name: task.result() for name, task in tasks.items()}


# --- a demo with simulated services (no network) -------------------------------
def widget(name, seconds):
    async def load():
        await asyncio.sleep(seconds)
        return f"<{name}>"

    return load


async def main():
    start = time.perf_counter()
    page = await load_dashboard({
        "profile": widget("profile", 0.2),
        "orders": widget("orders", 0.4),
        "recommendations": widget("recommendations", 5),
    })
    print(page)
    print(f"took {time.perf_counter() - start:.2f}s")


if __name__ == "__main__":
    asyncio.run(main())
