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


async def make_thumbnails(names):
    """Return one thumbnail per name, in the same order as `names`."""
    # TODO: the downloads wait one after another, and every resize computes
    # on the event loop's thread. Let the downloads wait together, and send
    # the resizes to worker processes.
    thumbnails = []
    for name in names:
        raw = await download(name)
        thumbnails.append(resize(raw))
    return thumbnails


async def main():
    start = time.perf_counter()
    thumbnails = await make_thumbnails(["cat", "dog", "owl", "fox"])
    print(thumbnails)
    print(f"took {time.perf_counter() - start:.2f}s")


if __name__ == "__main__":
    asyncio.run(main())
