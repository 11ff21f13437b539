import asyncio


class TokenBucket:
    """Allows `rate` requests per second, in bursts of up to `capacity`."""

    def __init__(self, rate, capacity):
        self.rate, self.capacity, self.tokens = rate, capacity, capacity
        self.loop = asyncio.get_running_loop()
        self.updated = self.loop.time()
        self.lock = asyncio.Lock()  # callers queue here, in arrival order

    async def acquire(self):
        async with self.lock:
            now = self.loop.time()
            elapsed, self.updated = now - self.updated, now
            self.tokens = min(self.capacity, self.tokens + elapsed * self.rate)
            if self.tokens < 1:
                await asyncio.sleep((1 - self.tokens) / self.rate)
                self.tokens = 1  # the next refill counts this sleep again
            self.tokens -= 1


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    bucket = TokenBucket(rate=5, capacity=1)
    sent = []

    async def request():
        await bucket.acquire()
        sent.append(loop.time() - start)

    await asyncio.gather(*(request() for _ in range(11)))
    print("sent at:", " ".join(f"{t:.2f}" for t in sent))
    n, last = len(sent) - 1, sent[-1]
    print(f"after the first: {n} in {last:.2f}s, {n / last:.0f} per second")


asyncio.run(main())
