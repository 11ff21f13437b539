import asyncio, threading, time

def report(loop, q):
    for i in range(3):
        time.sleep(0.5)
        print(f"thread: sending {i}")
        loop.call_soon_threadsafe(q.put_nowait, i)
    loop.call_soon_threadsafe(q.put_nowait, None)

async def main():
    loop = asyncio.get_running_loop()
    q = asyncio.Queue()
    start = loop.time()
    job = asyncio.create_task(asyncio.to_thread(report, loop, q))
    while (item := await q.get()) is not None:
        print(f"loop: got {item} at {loop.time() - start:.2f}s")
    await job

asyncio.run(main())
