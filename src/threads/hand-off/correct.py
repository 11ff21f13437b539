import asyncio
import threading
import time


def producer(loop, jobs, put_at):
    """Sync code in its own thread, such as a file watcher: a job turns up at 0.2 s."""
    time.sleep(0.2)
    put_at.append(time.perf_counter())
    loop.call_soon_threadsafe(jobs.put_nowait, "resize photo.jpg")  # wakes the loop


async def heartbeat():
    """Other work on the loop, which wakes the loop every 1.2 s."""
    while True:
        await asyncio.sleep(1.2)


async def main():
    loop = asyncio.get_running_loop()
    jobs = asyncio.Queue()
    put_at = []
    beat = asyncio.create_task(heartbeat())
    threading.Thread(target=producer, args=(loop, jobs, put_at)).start()
    job = await jobs.get()
    waited = time.perf_counter() - put_at[0]
    # to the nearest half second: real threads never give the same digits twice
    print(f"got {job!r} about {round(waited * 2) / 2:.1f} s after the put")
    beat.cancel()


asyncio.run(main())
