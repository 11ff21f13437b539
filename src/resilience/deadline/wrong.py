import asyncio
import random
import time


class Unavailable(Exception):
    """The service answered 503: try again later."""


class Service:
    """A simulated service in a long outage: down for its first 30 s; 0.05 s per request."""

    def __init__(self, start):
        self.start = start

    async def call(self):
        await asyncio.sleep(0.05)
        if time.perf_counter() - self.start < 30:
            raise Unavailable("503 Service Unavailable")
        return "200 OK"


async def call_with_retry(service, start, rng, base=0.1):
    attempt = 0
    while True:  # no cap on the attempts, on each wait, or on the total time
        attempt += 1
        print(f"{time.perf_counter() - start:.2f}s  attempt {attempt}")
        try:
            return await service.call()
        except Unavailable:
            ceiling = base * 2 ** (attempt - 1)
            await asyncio.sleep(round(rng.uniform(0, ceiling), 2))


async def main():
    start = time.perf_counter()
    try:
        # a user's page load is waiting for this call
        result = await call_with_retry(Service(start), start, random.Random(5))
    except (Unavailable, TimeoutError) as error:
        result = f"gave up: {type(error).__name__}"
    print(f"{time.perf_counter() - start:.2f}s  {result}")


asyncio.run(main())
