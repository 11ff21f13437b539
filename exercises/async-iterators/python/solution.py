import asyncio
import time


# --- a simulated paginated API: leave this class as it is --------------------
class PagedApi:
    """Serves `pages` one request at a time; each request takes 0.2 s."""

    def __init__(self, pages):
        self.pages = pages

    async def get_page(self, number):
        """The items of page `number`, and the next page's number (None after the last)."""
        await asyncio.sleep(0.2)
        following = number + 1 if number + 1 < len(self.pages) else None
        return list(self.pages[number]), following
# ------------------------------------------------------------------------------


async def all_items(api):
    """Yield every item of every page, in order."""
    number = 0
    while number is not None:
        # One request, then its items one by one: the generator pauses at each
        # yield, so the next request waits until the caller wants more.
        page, number = await api.get_page(number)
        for item in page:
            yield item


async def main():
    start = time.perf_counter()
    api = PagedApi([["a", "b"], ["c", "d"], ["e"]])
    async for item in all_items(api):
        print(f"{time.perf_counter() - start:.2f}s  {item}")


if __name__ == "__main__":
    asyncio.run(main())
