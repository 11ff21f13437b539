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
    tasks = [asyncio.create_task(download(mirror)) for mirror in mirrors]
    # TODO: this takes whatever finishes first, even a failure, and leaves the
    # other downloads running. Keep waiting until one succeeds, then cancel the
    # rest and wait until they have stopped.
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    return done.pop().result()


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
