import asyncio
import time


# --- simulated services: leave these as they are ------------------------------
async def db_fetch(key):
    """Stands in for an asyncpg query: 0.5 s of virtual time per call."""
    await asyncio.sleep(0.5)
    return f"profile of {key}"


class Cache:
    """Stands in for redis.asyncio: get/set cost one 0.01 s round trip."""

    def __init__(self):
        self.data = {}

    async def get(self, key):
        await asyncio.sleep(0.01)
        return self.data.get(key)

    async def set(self, key, value):
        await asyncio.sleep(0.01)
        self.data[key] = value
# ------------------------------------------------------------------------------


async def get_profile(cache, key):
    """Return db_fetch(key), asking the database as rarely as possible."""
    # TODO: every call goes to the database. Put `cache` in front of it so
    # that concurrent calls for the same key make ONE db_fetch between them,
    # while calls for different keys still run side by side.
    return await db_fetch(key)


async def main():
    start = time.perf_counter()
    cache = Cache()
    keys = ["ada"] * 10 + ["bob"] * 5
    profiles = await asyncio.gather(*(get_profile(cache, key) for key in keys))
    print(sorted(set(profiles)))
    print(f"took {time.perf_counter() - start:.2f}s")


if __name__ == "__main__":
    asyncio.run(main())
