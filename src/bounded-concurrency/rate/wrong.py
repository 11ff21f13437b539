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


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    server = Server()
    slots = asyncio.Semaphore(PER_SECOND)  # caps at once, not per second

    async def request():
        async with slots:
            sent = loop.time() - start
            return sent, await server.handle()

    results = await asyncio.gather(*(request() for _ in range(10)))
    for n, (sent, status) in enumerate(results, 1):
        print(f"request {n:2} sent at {sent:.2f}s -> {status}")


asyncio.run(main())
