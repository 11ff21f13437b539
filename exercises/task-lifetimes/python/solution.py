import asyncio
import time


class Background:
    """Runs coroutines as background tasks that nobody awaits directly."""

    def __init__(self, on_error):
        self.on_error = on_error  # call on_error(exception) for each task that fails
        self._tasks = set()  # strong references: the loop holds tasks only weakly

    def spawn(self, coro):
        """Start `coro` as a background task and return the task."""
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task):
        self._tasks.discard(task)  # done: let it go, or the set grows forever
        # Cancelling is not failing, and exception() raises on a cancelled task.
        if not task.cancelled() and task.exception() is not None:
            self.on_error(task.exception())  # retrieved, so nothing is logged

    async def drain(self):
        """Wait until every background task has finished."""
        # Loop, because a task may spawn more while we wait; failures have
        # already gone to on_error, so gather must not raise them again.
        while running := [task for task in self._tasks if not task.done()]:
            await asyncio.gather(*running, return_exceptions=True)


# --- a demo with a simulated mail server (no network) ---------------------------
async def send_receipt(order):
    await asyncio.sleep(0.2)
    if order == 7:
        raise ConnectionError(f"mail server refused the receipt for order {order}")
    print(f"receipt sent for order {order}")


async def main():
    start = time.perf_counter()
    background = Background(on_error=lambda error: print(f"failed: {error!r}"))
    for order in (6, 7, 8):
        background.spawn(send_receipt(order))
    await background.drain()
    print(f"drained after {time.perf_counter() - start:.2f}s")


if __name__ == "__main__":
    asyncio.run(main())
