import asyncio

LIMIT = 10  # the server handles at most this many requests at once


class Server:
    """A simulated API server (no network): a request takes 0.1 s to serve."""

    def __init__(self):
        self.in_flight = 0
        self.peak = 0

    async def handle(self):
        self.in_flight += 1
        # safe to count like this: coroutines only switch at an await
        self.peak = max(self.peak, self.in_flight)
        overloaded = self.in_flight > LIMIT
        await asyncio.sleep(0.1)
        self.in_flight -= 1
        return 503 if overloaded else 200  # 503: Service Unavailable


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    server = Server()
    # no limit: all 100 requests hit the server at once
    statuses = await asyncio.gather(*(server.handle() for _ in range(100)))
    print(f"peak concurrency: {server.peak} (the server allows {LIMIT})")
    print(f"200 OK: {statuses.count(200)}, 503 errors: {statuses.count(503)}")
    print(f"total: {loop.time() - start:.2f}s")


asyncio.run(main())
