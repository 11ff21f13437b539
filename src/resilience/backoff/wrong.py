import asyncio
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


async def call_with_retry(service, start, attempts=8):
    for attempt in range(1, attempts + 1):
        print(f"{time.perf_counter() - start:.2f}s  attempt {attempt}")
        try:
            return await service.call()
        except Unavailable:
            if attempt == attempts:
                raise
            # no wait: retries at once, hammering a service that is already down


async def main():
    start = time.perf_counter()
    try:
        result = await call_with_retry(Service(start), start)
    except Unavailable as error:
        result = f"gave up: {error}"
    print(f"{time.perf_counter() - start:.2f}s  {result}")


asyncio.run(main())
