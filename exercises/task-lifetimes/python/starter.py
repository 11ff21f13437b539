import asyncio
import time


class Background:
    """Runs coroutines as background tasks that nobody awaits directly."""

    def __init__(self, on_error):
        self.on_error = on_error  # call on_error(exception) for each task that fails

    def spawn(self, coro):
        """Start `coro` as a background task and return the task."""
        # TODO: nothing but the loop's weak reference keeps this task alive,
        # nobody hears about it when it fails, and drain() waits for nothing.
        # Hold a reference to each task until it is done, hand every failure
        # to on_error as soon as it happens, and make drain() wait.
        return asyncio.create_task(coro)

    async def drain(self):
        """Wait until every background task has finished."""


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
