import asyncio


async def producer(jobs, arrived):
    for n in (1, 2):
        await asyncio.sleep(0.1)  # a simulated job source: one job every 0.1 s
        jobs.append(f"job-{n}")
        arrived.set()


async def worker(name, jobs, arrived, start):
    loop = asyncio.get_running_loop()
    await arrived.wait()  # says a job came, not that one is still there for us
    try:
        job = jobs.pop(0)
    except IndexError as error:
        print(f"{loop.time() - start:.2f}s  {name}: IndexError: {error}")
        return
    print(f"{loop.time() - start:.2f}s  {name} took {job}")


async def main():
    start = asyncio.get_running_loop().time()
    jobs = []
    arrived = asyncio.Event()
    await asyncio.gather(
        worker("A", jobs, arrived, start),
        worker("B", jobs, arrived, start),
        producer(jobs, arrived),
    )
    print(f"jobs left over: {jobs}")


asyncio.run(main())
