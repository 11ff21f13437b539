import asyncio
import time

# A simulated paginated API: five pages of three users, 0.2 s per request.
PAGES = [[f"user{3 * page + n}" for n in (1, 2, 3)] for page in range(5)]
requests = []


async def get_page(number):
    """One page of users, and the number of the next page (None after the last)."""
    await asyncio.sleep(0.2)
    requests.append(number)
    return PAGES[number], (number + 1 if number + 1 < len(PAGES) else None)


async def all_users():
    number = 0
    while number is not None:  # asks for the next page only when the caller wants more
        page, number = await get_page(number)
        for user in page:
            yield user


async def main():
    start = time.perf_counter()
    async for user in all_users():
        if user == "user5":
            print(f"{time.perf_counter() - start:.2f}s  found {user}")
            break
    print(f"pages requested: {len(requests)}")


asyncio.run(main())
