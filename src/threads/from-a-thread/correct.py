import asyncio


class Api:
    """A simulated web API client (no network) that sends one request at a time."""

    def __init__(self):
        # like a real client's pool, it belongs to the first loop that waits on it
        self._one_at_a_time = asyncio.Semaphore(1)
        self.served = []

    async def fetch(self, name):
        async with self._one_at_a_time:
            await asyncio.sleep(0.4)
            self.served.append(name)
            return f"{name}: 200 OK"


def legacy_report(api, loop):
    """Sync code (a plugin, an old library) that runs in a worker thread."""
    try:
        future = asyncio.run_coroutine_threadsafe(api.fetch("report"), loop)
        reply = future.result(timeout=2)  # this thread waits; the main loop runs fetch
        print(f"thread got {reply!r}")
    except RuntimeError as error:
        # the message starts with the semaphore's repr, which holds a memory address
        print(f"thread: RuntimeError: ...{str(error).partition('>')[2]}")


async def main():
    api = Api()
    loop = asyncio.get_running_loop()
    await asyncio.gather(
        api.fetch("a"), api.fetch("b"), asyncio.to_thread(legacy_report, api, loop)
    )
    print("served:", ", ".join(api.served))


asyncio.run(main())
