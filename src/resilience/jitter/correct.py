import asyncio
import random
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


async def client(name, service, start, rng, attempts=8, base=0.1, cap=2.0):
    tried, result = [], "gave up"
    for attempt in range(1, attempts + 1):
        tried.append(f"{time.perf_counter() - start:.2f}")
        try:
            result = await service.call()
            break
        except Unavailable:
            if attempt < attempts:
                # each client draws its own wait below the ceiling, so the herd spreads out
                ceiling = min(cap, base * 2 ** (attempt - 1))
                await asyncio.sleep(round(rng.uniform(0, ceiling), 2))  # in 10 ms steps
    print(f"{name} tried at {' '.join(tried)}: {result}")


async def main():
    start = time.perf_counter()
    service = Service(start)
    # one generator per client, seeded so the book's output repeats
    seeds = {"A": 2, "B": 7, "C": 13}
    await asyncio.gather(*(client(n, service, start, random.Random(s)) for n, s in seeds.items()))


asyncio.run(main())
