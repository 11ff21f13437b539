import asyncio
import time

# Simulated replicas (no network): they answer the same query at different speeds.
REPLICAS = {"replica-a": 0.5, "replica-b": 0.2, "replica-c": 0.9}


async def query(replica, start):
    await asyncio.sleep(REPLICAS[replica])
    print(f"{time.perf_counter() - start:.2f}s  {replica} answered")
    return f"42 rows from {replica}"


def names(tasks):
    # wait returns sets, and a set's order varies from run to run: sort by name
    return ", ".join(sorted(task.get_name() for task in tasks)) or "none"


async def main():
    start = time.perf_counter()
    tasks = [asyncio.create_task(query(name, start), name=name) for name in REPLICAS]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print(f"done: {names(done)}; pending: {names(pending)}")
    print(f"using {done.pop().result()}")
    # the pending replicas are forgotten here, but they are still running
    stopped = [task for task in pending if task.cancelled()]
    print(f"{time.perf_counter() - start:.2f}s  cancelled: {names(stopped)}")
    await asyncio.sleep(1)  # the program carries on with other work


asyncio.run(main())
