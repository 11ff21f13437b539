import asyncio
import time


# --- the scanning library: leave this function as it is ----------------------
def scan(chunks, report):
    """Blocking scanner from a sync library: counts the "ERROR"s in each chunk.

    Each chunk takes 0.5 s; after each one it calls report(done, total) from
    whatever thread it runs in. Returns the total count.
    """
    found = 0
    for done, chunk in enumerate(chunks, start=1):
        time.sleep(0.5)
        found += chunk.count("ERROR")
        report(done, len(chunks))
    return found
# ------------------------------------------------------------------------------


async def scan_with_progress(chunks, on_progress):
    """Run scan() off the loop; call on_progress(done, total) on the loop as it goes."""
    loop = asyncio.get_running_loop()

    def report(done, total):
        # Runs in the worker thread: the one loop method it may call hands
        # on_progress to the loop's thread and wakes the loop at once.
        loop.call_soon_threadsafe(on_progress, done, total)

    # The last report is queued before to_thread hands back the result,
    # so every on_progress call has run by the time this returns.
    return await asyncio.to_thread(scan, chunks, report)


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()

    def show(done, total):
        print(f"{loop.time() - start:.2f}s  scanned {done}/{total}")

    logs = ["ok\nERROR disk full", "ok\nok", "ERROR timeout\nERROR timeout"]
    found = await scan_with_progress(logs, show)
    print(f"{loop.time() - start:.2f}s  found {found} errors")


if __name__ == "__main__":
    asyncio.run(main())
