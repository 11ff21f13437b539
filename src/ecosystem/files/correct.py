import asyncio
import time

# --- simulated: a slow disk and the file API (no real files; costs virtual time)
DISK = {"exports/orders.csv": "id,total\n" + "1,9.99\n" * 200_000}


class DiskFile:
    """Stands in for what built-in open() returns: read() blocks its thread."""

    def __init__(self, path):
        self.path = path

    def read(self):
        time.sleep(0.5)  # 1.4 MB from a slow network disk
        return DISK[self.path]


class aiofiles_open:
    """Stands in for aiofiles.open: each call runs in a worker thread."""

    def __init__(self, path):
        self.file = DiskFile(path)

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        pass

    async def read(self):
        return await asyncio.to_thread(self.file.read)


# --- application code ----------------------------------------------------------
async def export_size(start):
    async with aiofiles_open("exports/orders.csv") as f:
        data = await f.read()  # the blocking read happens off the loop
    print(f"{time.perf_counter() - start:.2f}s  export read: {len(data)} bytes")


async def ping(n, start):
    await asyncio.sleep(0.1)  # a quick request served beside the export
    print(f"{time.perf_counter() - start:.2f}s  ping {n} answered")


async def main():
    start = time.perf_counter()
    await asyncio.gather(export_size(start), *(ping(n, start) for n in range(1, 4)))
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
