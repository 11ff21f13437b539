import asyncio
import time


class Unavailable(Exception):
    """The service answered 503: try again later."""


class Service:
    """A simulated service that stays down; 0.05 s per request."""

    async def call(self):
        await asyncio.sleep(0.05)
        raise Unavailable("503 Service Unavailable")


async def call_with_retry(service, attempts=3, base=0.1):
    for attempt in range(attempts):
        try:
            return await service.call()
        except Unavailable:
            if attempt == attempts - 1:
                raise  # out of attempts: no point waiting, and the caller must hear why
            await asyncio.sleep(base * 2 ** attempt)


async def main():
    start = time.perf_counter()
    try:
        result = await call_with_retry(Service())
    except Unavailable as error:
        result = f"gave up: {error}"
    print(f"{time.perf_counter() - start:.2f}s  result: {result}")


asyncio.run(main())
