import asyncio
import random
import time


class Unavailable(Exception):
    """The service answered 503: try again later."""


class Service:
    """A simulated service that is down for its first second; 0.05 s per request."""

    def __init__(self, start):
        self.start = start

    async def call(self):
        await asyncio.sleep(0.05)
        if time.perf_counter() - self.start < 1.0:
            raise Unavailable("503 Service Unavailable")
        return "200 OK"


async def call_with_retry(service, start, rng, attempts=8, base=0.1, cap=2.0):
    for attempt in range(1, attempts + 1):
        print(f"{time.perf_counter() - start:.2f}s  attempt {attempt}")
        try:
            return await service.call()
        except Unavailable:
            if attempt == attempts:
                raise
            # the ceiling doubles each time; the wait is random below it ("full jitter")
            ceiling = min(cap, base * 2 ** (attempt - 1))
            await asyncio.sleep(round(rng.uniform(0, ceiling), 2))  # in 10 ms steps


async def main():
    start = time.perf_counter()
    try:
        # seeded so the book's output repeats; real code can use random.uniform
        result = await call_with_retry(Service(start), start, random.Random(5))
    except Unavailable as error:
        result = f"gave up: {error}"
    print(f"{time.perf_counter() - start:.2f}s  {result}")


asyncio.run(main())
