import asyncio
import time


class Unavailable(Exception):
    """The service answered 503: try again later."""


class Service:
    """A simulated service, down for its first second. Requests that overlap all fail:
    a struggling server slows down until everyone waiting on it times out."""

    def __init__(self, start):
        self.start, self.active = start, []

    async def call(self):
        request = {"crowded": bool(self.active)}
        for other in self.active:
            other["crowded"] = True
        self.active.append(request)
        await asyncio.sleep(0.05)
        self.active.remove(request)
        if request["crowded"] or time.perf_counter() - self.start < 1.0:
            raise Unavailable("503 Service Unavailable")
        return "200 OK"


async def client(name, service, start, attempts=8, base=0.1, cap=2.0):
    tried, result = [], "gave up"
    for attempt in range(1, attempts + 1):
        tried.append(f"{time.perf_counter() - start:.2f}")
        try:
            result = await service.call()
            break
        except Unavailable:
            if attempt < attempts:
                # the same wait for every client, so they all come back at the same moment
                await asyncio.sleep(min(cap, base * 2 ** (attempt - 1)))
    print(f"{name} tried at {' '.join(tried)}: {result}")


async def main():
    start = time.perf_counter()
    service = Service(start)
    await asyncio.gather(*(client(name, service, start) for name in "ABC"))


asyncio.run(main())
