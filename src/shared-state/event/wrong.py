import asyncio


async def load_config(status, start):
    await asyncio.sleep(0.25)  # a simulated config service
    status["ready"] = True
    print(f"{asyncio.get_running_loop().time() - start:.2f}s  config loaded")


async def worker(n, status, start):
    checks = 0
    while not status["ready"]:  # polling: wakes up to look, and notices late
        checks += 1
        await asyncio.sleep(0.1)
    began = asyncio.get_running_loop().time() - start
    return f"worker {n} started at {began:.2f}s after {checks} checks"


async def main():
    start = asyncio.get_running_loop().time()
    status = {"ready": False}
    workers = (worker(n, status, start) for n in (1, 2, 3))
    lines = await asyncio.gather(load_config(status, start), *workers)
    print("\n".join(lines[1:]))


asyncio.run(main())
