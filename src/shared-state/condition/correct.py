import asyncio


async def producer(jobs, changed):
    for n in (1, 2):
        await asyncio.sleep(0.1)  # a simulated job source: one job every 0.1 s
        async with changed:
            jobs.append(f"job-{n}")
            changed.notify()  # wake one waiting worker


async def worker(name, jobs, changed, start):
    loop = asyncio.get_running_loop()
    async with changed:
        # re-checks the list, under the lock, every time it wakes
        await changed.wait_for(lambda: jobs)
        job = jobs.pop(0)
    print(f"{loop.time() - start:.2f}s  {name} took {job}")


async def main():
    start = asyncio.get_running_loop().time()
    jobs = []
    changed = asyncio.Condition()
    await asyncio.gather(
        worker("A", jobs, changed, start),
        worker("B", jobs, changed, start),
        producer(jobs, changed),
    )
    print(f"jobs left over: {jobs}")


asyncio.run(main())
