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
    reports = []
    found = await asyncio.to_thread(scan, chunks, lambda *report: reports.append(report))
    # TODO: these calls come only after the whole scan is over. Make each
    # report reach the event loop while scan() is still running.
    for done, total in reports:
        on_progress(done, total)
    return found


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
