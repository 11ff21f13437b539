import asyncio
import time


class Cursor:
    """A simulated database cursor: rows arrive in pages of two, 0.2 s a page."""

    def __init__(self):
        self._rows = self._stream()  # drivers often keep an async generator inside

    async def _stream(self):
        try:
            for n in range(1, 7):
                if n % 2:
                    await asyncio.sleep(0.2)  # the next page comes over the network
                yield f"row {n}"
        finally:
            print("cursor closed")

    async def fetchone(self):
        return await anext(self._rows, None)  # None once the rows run out


class Rows:  # lets a plain `for` loop read the cursor
    def __init__(self, cursor):
        self.cursor = cursor

    def __iter__(self):
        return self

    def __next__(self):
        row = asyncio.run(self.cursor.fetchone())  # a new event loop for every row
        if row is None:
            raise StopIteration
        return row


def main():
    start = time.perf_counter()
    for row in Rows(Cursor()):
        print(f"{time.perf_counter() - start:.2f}s  {row}")
    print(f"total: {time.perf_counter() - start:.2f}s")


main()  # plain sync code: asyncio.run refuses to start inside a running loop
