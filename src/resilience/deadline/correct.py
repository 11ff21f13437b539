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


async def call_with_retry(service, start, rng, attempts=6, base=0.1, cap=1.0):
    for attempt in range(1, attempts + 1):  # at most 6 requests of load on the service
        print(f"{time.perf_counter() - start:.2f}s  attempt {attempt}")
        try:
            return await service.call()
        except Unavailable:
            if attempt == attempts:
                raise
            ceiling = min(cap, base * 2 ** (attempt - 1))  # no single wait beyond 1 s
            await asyncio.sleep(round(rng.uniform(0, ceiling), 2))


async def main():
    start = time.perf_counter()
    try:
        # a user's page load is waiting for this call: 2 s is all it can spare
        async with asyncio.timeout(2.0):
            result = await call_with_retry(Service(start), start, random.Random(5))
    except (Unavailable, TimeoutError) as error:
        result = f"gave up: {type(error).__name__}"
    print(f"{time.perf_counter() - start:.2f}s  {result}")


asyncio.run(main())
