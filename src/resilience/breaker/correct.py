import asyncio
import time


class CircuitOpen(Exception):
    """Refused without calling the service: it is known to be down."""


class Breaker:
    def __init__(self, start, threshold=3, cooldown=1.2):
        self.start, self.threshold, self.cooldown = start, threshold, cooldown
        self.state, self.failures, self.opened_at = "closed", 0, 0.0

    def move(self, state):
        print(f"{time.perf_counter() - self.start:.2f}s  breaker {self.state} -> {state}")
        self.state, self.opened_at = state, time.perf_counter()

    async def call(self, make_call):
        if self.state == "open" and time.perf_counter() - self.opened_at >= self.cooldown:
            self.move("half-open")  # this call is the trial; others are refused until it ends
        elif self.state != "closed":
            raise CircuitOpen(f"refused ({self.state})")
        try:
            result = await make_call()
        except Exception:
            self.failures += 1
            if self.state == "half-open" or self.failures >= self.threshold:
                self.move("open")  # a failed trial opens it again at once
            raise
        self.failures = 0
        if self.state == "half-open":
            self.move("closed")
        return result


async def service(start):
    """A simulated service that hangs until 6.2 s after the start, then answers in 0.05 s."""
    await asyncio.sleep(0.05 if time.perf_counter() - start >= 6.2 else 3600)
    return "200 OK"


async def main():
    start = time.perf_counter()
    breaker = Breaker(start)
    for n in range(1, 11):
        asked = time.perf_counter()
        try:
            # the timeout sits inside the breaker, so the breaker counts it as a failure
            result = await breaker.call(lambda: asyncio.wait_for(service(start), 1.0))
        except TimeoutError:
            result = "timed out"
        except CircuitOpen as error:
            result = str(error)
        now = time.perf_counter()
        print(f"{now - start:.2f}s  request {n}: {result} after {now - asked:.2f}s")
        await asyncio.sleep(0.5)  # the next request comes in


asyncio.run(main())
