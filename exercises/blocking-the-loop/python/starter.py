import asyncio
import time


# --- the legacy client: leave this function as it is -------------------------
def legacy_fetch(url):
    """Blocking HTTP client from an old library: 0.2 s per call, no async version."""
    time.sleep(0.2)
    return f"<{url}>"
# ------------------------------------------------------------------------------


async def fetch_all(urls):
    """Return the body of every URL, in the same order as `urls`."""
    # TODO: this blocks the event loop and fetches one URL at a time.
    # Run the legacy calls off the loop, all at once, and keep the order.
    bodies = []
    for url in urls:
        bodies.append(legacy_fetch(url))
    return bodies


async def main():
    start = time.perf_counter()
    bodies = await fetch_all([f"https://example.com/{page}" for page in "abcd"])
    print(bodies)
    print(f"took {time.perf_counter() - start:.2f}s")


if __name__ == "__main__":
    asyncio.run(main())
