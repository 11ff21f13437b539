import asyncio
from contextlib import asynccontextmanager

open_connections = []  # what the simulated server sees as still connected


@asynccontextmanager
async def connect(name):
    """A simulated connection: no network, connecting takes 0.1 s."""
    await asyncio.sleep(0.1)
    open_connections.append(name)
    try:
        yield name
    finally:  # runs however the body ends: normally, by an exception, by cancellation
        await asyncio.sleep(0.05)
        open_connections.remove(name)
        print(f"{name} closed")


async def request(n):
    async with connect(f"conn-{n}") as conn:
        await asyncio.sleep(0.2)
        if n == 2:
            raise ValueError("malformed reply")
        return f"reply {n} on {conn}"


async def main():
    for n in (1, 2, 3):
        try:
            print(await request(n))
        except ValueError as error:
            print(f"request {n} failed: {error}")
    print(f"still open: {open_connections}")


asyncio.run(main())
