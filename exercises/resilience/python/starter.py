import asyncio
import random
import time


class Unavailable(Exception):
    """The service is overloaded: trying again later may work."""


# --- a simulated flaky service: leave this class as it is ---------------------
class FlakyService:
    """Fails its first `failures` calls, then answers; each call takes 0.05 s."""

    def __init__(self, failures):
        self.failures = failures

    async def call(self):
        await asyncio.sleep(0.05)
        if self.failures > 0:
            self.failures -= 1
            raise Unavailable("503 Service Unavailable")
        return "200 OK"
# ------------------------------------------------------------------------------


async def call_with_retry(call, rng, attempts=5, base=0.1, cap=1.0):
    """Call `call()` until it succeeds, at most `attempts` times."""
    for n in range(1, attempts + 1):
        try:
            return await call()
        except Unavailable:
            if n == attempts:
                raise
            # TODO: this tries again at once, hammering a struggling service.
            # Wait rng.uniform(0, min(cap, base * 2 ** (n - 1))) seconds first.


async def main():
    start = time.perf_counter()
    service = FlakyService(failures=3)
    result = await call_with_retry(service.call, random.Random(1))
    print(f"{time.perf_counter() - start:.2f}s  {result}")


if __name__ == "__main__":
    asyncio.run(main())
