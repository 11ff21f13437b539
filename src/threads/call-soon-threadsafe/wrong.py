import asyncio
import time


async def download(chunks, start):
    """A simulated download (no network): each chunk takes 0.5 s."""
    loop = asyncio.get_running_loop()
    try:
        for n in range(1, chunks + 1):
            await asyncio.sleep(0.5)
            print(f"{loop.time() - start:.2f}s  chunk {n}/{chunks}")
        print(f"{loop.time() - start:.2f}s  download finished")
    except asyncio.CancelledError:
        print(f"{loop.time() - start:.2f}s  download cancelled")
        raise


def stop_button(loop, task):
    """Runs in another thread, like a GUI's click handler. Stop is clicked at 0.7 s."""
    time.sleep(0.7)
    loop.call_soon(task.cancel)  # not thread-safe: for the loop's own thread only


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    task = asyncio.create_task(download(4, start))
    try:
        await asyncio.to_thread(stop_button, loop, task)
    except RuntimeError as error:
        print(f"{loop.time() - start:.2f}s  stop button: RuntimeError: {error}")
    await asyncio.wait([task])


# debug mode makes asyncio check which thread calls the loop's methods
asyncio.run(main(), debug=True)
