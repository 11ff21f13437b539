import asyncio
import collections
import time


# --- the mirrors: leave this part as it is ------------------------------------
Mirror = collections.namedtuple("Mirror", "name seconds broken")
finished = []  # the names of the downloads that ran to their end


async def download(mirror):
    """Fetch the file from one (simulated) mirror: takes `mirror.seconds`."""
    await asyncio.sleep(mirror.seconds)
    finished.append(mirror.name)
    if mirror.broken:
        raise ConnectionError(f"{mirror.name}: connection reset")
    return f"file from {mirror.name}"
# ------------------------------------------------------------------------------


async def fastest(mirrors):
    """Return the first successful download; leave no other download running."""
    pending = {asyncio.create_task(download(mirror)) for mirror in mirrors}
    error = ConnectionError("no mirror to download from")
    try:
        while pending:
            done, pending = await asyncio.wait(
                pending, return_when=asyncio.FIRST_COMPLETED
            )
            for task in done:
                if task.exception() is None:
                    return task.result()
                error = task.exception()  # a failed mirror: wait for the next one
        raise error  # every mirror failed
    finally:
        # Runs on return too: stop the downloads nobody needs any more, and
        # wait until they really have stopped.
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)


async def main():
    start = time.perf_counter()
    mirrors = [
        Mirror("eu", 0.3, False),
        Mirror("us", 0.1, True),  # the fastest, but broken
        Mirror("asia", 0.5, False),
    ]
    print(await fastest(mirrors))
    print(f"answered at {time.perf_counter() - start:.2f}s")
    await asyncio.sleep(1)  # the program carries on with other work
    print(f"downloads that ran to the end: {finished}")


if __name__ == "__main__":
    asyncio.run(main())
