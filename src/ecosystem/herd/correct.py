import asyncio
import time


# --- simulated: stand in for asyncpg and redis.asyncio (costs virtual time) ---
class Pool:
    def __init__(self, max_size):
        self.slots, self.queries = asyncio.Semaphore(max_size), 0

    def acquire(self):
        return self

    async def __aenter__(self):
        await self.slots.acquire()  # wait for a free connection
        return self

    async def __aexit__(self, *exc):
        self.slots.release()

    async def fetchval(self, query, key):
        self.queries += 1
        await asyncio.sleep(0.5)  # a slow aggregate query
        return f"{key}: 42 orders"


async def create_pool(max_size):
    return Pool(max_size)


class Cache:
    def __init__(self):
        self.data = {}

    async def get(self, key):
        await asyncio.sleep(0.01)  # one round trip
        return self.data.get(key)

    async def set(self, key, value):
        await asyncio.sleep(0.01)
        self.data[key] = value


# --- application code ----------------------------------------------------------
LOCKS = {}  # one lock per key: different keys still load in parallel


async def order_stats(pool, cache, key):
    value = await cache.get(key)
    if value is None:
        async with LOCKS.setdefault(key, asyncio.Lock()):
            value = await cache.get(key)  # someone may have filled it while we waited
            if value is None:
                async with pool.acquire() as conn:
                    value = await conn.fetchval("SELECT count(*) FROM orders", key)
                await cache.set(key, value)
    return value


async def main():
    start = time.perf_counter()
    pool, cache = await create_pool(max_size=5), Cache()
    results = await asyncio.gather(*(order_stats(pool, cache, "shop-7") for _ in range(10)))
    print(f"{len(results)} answers, all equal: {len(set(results)) == 1}")
    print(f"database queries: {pool.queries}")
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
