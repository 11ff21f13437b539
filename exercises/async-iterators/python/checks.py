import asyncio
import time

from workbook_checks import check

PAGE_TIME = 0.2


class RecordingApi:
    """A paginated API like the exercise's, which also notes every request."""

    def __init__(self, pages):
        self.pages = pages
        self.requested = []

    async def get_page(self, number):
        self.requested.append(number)
        await asyncio.sleep(PAGE_TIME)
        following = number + 1 if number + 1 < len(self.pages) else None
        return list(self.pages[number]), following


def items_of(learner, api):
    stream = learner.all_items(api)
    assert hasattr(stream, "__aiter__"), (
        f"all_items(api) gave back a {type(stream).__name__}, which `async for` cannot "
        "read. Make all_items an async generator: an `async def` that uses `yield`"
    )
    return stream


def plural(count, word):
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


@check("yields every item, in order")
async def every_item_in_order(learner):
    # The middle page is empty on purpose: only the next page number ends the paging.
    pages = [["a", "b"], [], ["c"], ["d", "e"]]
    api = RecordingApi(pages)
    got = [item async for item in items_of(learner, api)]
    expected = [item for page in pages for item in page]
    assert got == expected, (
        f"from the pages {pages} all_items yielded {got}; expected {expected}. "
        "An empty page is not the last one: keep going until the next page number is None"
    )
    assert api.requested == [0, 1, 2, 3], (
        f"reading every item took the requests {api.requested}; expected each page "
        "once, in order: [0, 1, 2, 3]"
    )


@check("the first item comes after one request")
async def first_item_after_one_page(learner):
    api = RecordingApi([["a", "b"], ["c", "d"], ["e", "f"]])
    stream = items_of(learner, api)
    start = time.perf_counter()
    first = await anext(stream, None)
    waited = time.perf_counter() - start
    await stream.aclose()
    assert first == "a", f"the first item was {first!r}; expected 'a'"
    assert waited < 1.5 * PAGE_TIME, (
        f"the first item took {waited:.2f} s and {plural(len(api.requested), 'request')}; "
        f"one page takes {PAGE_TIME:.2f} s, so it should be ready after one request, "
        f"at about {PAGE_TIME:.2f} s. Yield each page's items before asking for the next page"
    )


@check("a caller that stops early pays only for the pages it read")
async def stops_when_the_caller_stops(learner):
    api = RecordingApi([[f"item{2 * page + n}" for n in (1, 2)] for page in range(5)])
    taken = []
    stream = items_of(learner, api)
    async for item in stream:
        taken.append(item)
        if len(taken) == 3:
            break
    await stream.aclose()
    assert taken == ["item1", "item2", "item3"], (
        f"the first three items were {taken}; expected ['item1', 'item2', 'item3']"
    )
    assert len(api.requested) == 2, (
        f"a caller that read 3 items of 2-item pages caused "
        f"{plural(len(api.requested), 'request')} ({api.requested}); "
        "expected 2: pages 0 and 1. Fetch the next page only when the caller asks for "
        "an item the pages so far do not have"
    )
