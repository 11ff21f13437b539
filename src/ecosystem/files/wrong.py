import asyncio
import time

# --- simulated: a slow disk and the file API (no real files; costs virtual time)
DISK = {"exports/orders.csv": "id,total\n" + "1,9.99\n" * 200_000}


class DiskFile:
    """Stands in for what built-in open() returns: read() blocks its thread."""

    def __init__(self, path):
        self.path = path

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass

    def read(self):
        time.sleep(0.5)  # 1.4 MB from a slow network disk
        return DISK[self.path]


# --- application code ----------------------------------------------------------
async def export_size(start):
    with DiskFile("exports/orders.csv") as f:
        data = f.read()  # mistake: blocking file I/O inside async def
    print(f"{time.perf_counter() - start:.2f}s  export read: {len(data)} bytes")


async def ping(n, start):
    await asyncio.sleep(0.1)  # a quick request served beside the export
    print(f"{time.perf_counter() - start:.2f}s  ping {n} answered")


async def main():
    start = time.perf_counter()
    await asyncio.gather(export_size(start), *(ping(n, start) for n in range(1, 4)))
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
