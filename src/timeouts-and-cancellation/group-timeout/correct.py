import asyncio
import time

# Simulated backends (no network): how long each dashboard widget takes to load.
WIDGETS = {"profile": 0.2, "orders": 0.3, "messages": 0.4, "recommendations": 5.0}


async def load(widget, start):
    try:
        async with asyncio.timeout(1):  # each widget gets its own deadline
            await asyncio.sleep(WIDGETS[widget])
    except TimeoutError:
        return f"{widget} (unavailable)"
    print(f"{time.perf_counter() - start:.2f}s  {widget} loaded")
    return widget


async def main():
    start = time.perf_counter()
    try:
        # the group deadline is now a backstop, longer than any widget's own
        async with asyncio.timeout(2):
            async with asyncio.TaskGroup() as group:
                tasks = [group.create_task(load(widget, start)) for widget in WIDGETS]
        page = ", ".join(task.result() for task in tasks)
    except TimeoutError:
        page = "an error: the dashboard took too long"
    print(f"{time.perf_counter() - start:.2f}s  page shows {page}")


asyncio.run(main())
