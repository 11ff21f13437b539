import asyncio


async def load_config(ready, start):
    await asyncio.sleep(0.25)  # a simulated config service
    ready.set()
    print(f"{asyncio.get_running_loop().time() - start:.2f}s  config loaded")


async def worker(n, ready, start):
    await ready.wait()  # sleeps until set() is called, then wakes at once
    began = asyncio.get_running_loop().time() - start
    return f"worker {n} started at {began:.2f}s"


async def main():
    start = asyncio.get_running_loop().time()
    ready = asyncio.Event()
    workers = (worker(n, ready, start) for n in (1, 2, 3))
    lines = await asyncio.gather(load_config(ready, start), *workers)
    print("\n".join(lines[1:]))


asyncio.run(main())
