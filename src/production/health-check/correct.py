import asyncio
import time


async def receive(n):
    """A simulated message broker (no network): a message every 0.4 s, until the
    connection silently dies after the third: no data, no error, no end."""
    if n > 3:
        await asyncio.Event().wait()
    await asyncio.sleep(0.4)
    return f"order-{n}"


class Consumer:
    def __init__(self):
        self.handled = 0
        self.last_progress = time.perf_counter()

    async def run(self):
        while True:
            await receive(self.handled + 1)
            self.handled += 1
            self.last_progress = time.perf_counter()


def health(consumer, task):
    if task.done():
        return "503 consumer stopped"
    # alive is not enough: a healthy consumer gets a message every 0.4 s
    quiet = time.perf_counter() - consumer.last_progress
    if quiet > 1.0:
        return f"503 no progress for {quiet:.2f}s"
    return "200 OK"


async def main():
    start = time.perf_counter()
    consumer = Consumer()
    task = asyncio.create_task(consumer.run())
    for _ in range(4):
        await asyncio.sleep(1.0)  # plays the orchestrator's probe: GET /health each second
        elapsed = time.perf_counter() - start
        print(f"{elapsed:.2f}s  {health(consumer, task)}, {consumer.handled} orders handled")
    # leaving main: asyncio.run cancels the stuck consumer


asyncio.run(main())
