import asyncio
import time

# A simulated storage service (no network): the upload of each part takes its
# own time, and part-2's connection drops. One missing part ruins the file.
PARTS = {"part-1": 0.6, "part-2": 0.1, "part-3": 0.9}


async def upload(part):
    await asyncio.sleep(PARTS[part])
    if part == "part-2":
        raise ConnectionError(f"{part}: connection reset")
    return part


def names(tasks):
    # wait returns sets, and a set's order varies from run to run: sort by name
    return ", ".join(sorted(task.get_name() for task in tasks)) or "none"


async def main():
    start = time.perf_counter()
    tasks = [asyncio.create_task(upload(part), name=part) for part in PARTS]
    # returns as soon as any part fails (or, if none fails, when all are done)
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    elapsed = time.perf_counter() - start
    print(f"{elapsed:.2f}s  done: {names(done)}; pending: {names(pending)}")
    for task in pending:
        task.cancel()  # the file is ruined: stop uploading the rest
    # wait never raises: each failure stays inside its task until you look
    for task in sorted(done, key=asyncio.Task.get_name):
        if task.exception() is not None:
            print(f"upload failed: {task.exception()}")


asyncio.run(main())
