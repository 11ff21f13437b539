import asyncio, os, signal

async def worker(stop):
    n = 0
    while not stop.is_set():
        await asyncio.sleep(1)
        n += 1
        print(f"job {n} done at {asyncio.get_running_loop().time() - START:.1f}s")
    print("worker drained, exiting")

async def main():
    global START
    loop = asyncio.get_running_loop()
    START = loop.time()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.call_later(2.5, os.kill, os.getpid(), signal.SIGTERM)
    await worker(stop)
    print("removed:", loop.remove_signal_handler(signal.SIGTERM))

asyncio.run(main())
