import asyncio
import concurrent.futures
import time


# --- the image library: leave these functions as they are ---------------------
def crunch(seconds):
    """Keep the CPU busy for `seconds`, standing in for real number crunching."""
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        pass


async def download(name):
    """A simulated image store (no network): every download waits 0.3 s."""
    await asyncio.sleep(0.3)
    return f"{name}.raw"


def resize(raw):
    """Pure-Python CPU work: 0.2 s of computing per image, no waiting."""
    crunch(0.2)
    return raw.replace(".raw", ".thumb")
# ------------------------------------------------------------------------------


async def make_thumbnail(name, pool):
    raw = await download(name)  # waiting: the loop serves the others meanwhile
    loop = asyncio.get_running_loop()
    # computing: a worker process does it, so the loop stays free meanwhile
    return await loop.run_in_executor(pool, resize, raw)


async def make_thumbnails(names):
    """Return one thumbnail per name, in the same order as `names`."""
    # one worker process per core (the default): they compute side by side
    with concurrent.futures.ProcessPoolExecutor() as pool:
        # gather overlaps the downloads and keeps the results in input order
        return await asyncio.gather(*(make_thumbnail(n, pool) for n in names))


async def main():
    start = time.perf_counter()
    thumbnails = await make_thumbnails(["cat", "dog", "owl", "fox"])
    print(thumbnails)
    print(f"took {time.perf_counter() - start:.2f}s")


if __name__ == "__main__":
    asyncio.run(main())
