import asyncio

balances = {"alice": 100, "bob": 100}
locks = {name: asyncio.Lock() for name in balances}


async def transfer(src, dst, amount, start):
    loop = asyncio.get_running_loop()
    first, second = src, dst  # each takes its source first: orders can cross
    async with locks[first]:
        now = loop.time() - start
        print(f"{now:.2f}s  {src}->{dst}: locked {first}, needs {second}")
        await asyncio.sleep(0.1)  # a simulated database read
        async with locks[second]:
            balances[src] -= amount
            balances[dst] += amount
    print(f"{loop.time() - start:.2f}s  {src}->{dst}: done")


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    try:
        async with asyncio.timeout(1):  # else CPython would wait forever
            await asyncio.gather(
                transfer("alice", "bob", 10, start),
                transfer("bob", "alice", 20, start),
            )
    except TimeoutError:
        print(f"{loop.time() - start:.2f}s  timed out, both still waiting")
    print(f"balances: {balances}")


asyncio.run(main())
