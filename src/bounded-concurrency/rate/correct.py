import asyncio

PER_SECOND = 5  # the API's documented limit


class Server:
    """A simulated API (no network): at most 5 requests in any one second."""

    def __init__(self):
        self.accepted = []  # when each accepted request arrived, in whole ms

    async def handle(self):
        now = round(asyncio.get_running_loop().time() * 1000)
        if sum(t > now - 1000 for t in self.accepted) >= PER_SECOND:
            return 429  # Too Many Requests
        self.accepted.append(now)
        await asyncio.sleep(0.1)
        return 200


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
                self.tokens, self.updated = 1, self.loop.time()
            self.tokens -= 1


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    server = Server()
    bucket = TokenBucket(rate=PER_SECOND, capacity=1)  # every 0.2 s, no bursts

    async def request():
        await bucket.acquire()
        sent = loop.time() - start
        return sent, await server.handle()

    results = await asyncio.gather(*(request() for _ in range(10)))
    for n, (sent, status) in enumerate(results, 1):
        print(f"request {n:2} sent at {sent:.2f}s -> {status}")


asyncio.run(main())
