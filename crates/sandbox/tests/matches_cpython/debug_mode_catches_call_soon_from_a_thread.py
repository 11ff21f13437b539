import asyncio, time

def report(loop, fut):
    time.sleep(0.5)
    try:
        loop.call_soon(fut.set_result, 1)
    except RuntimeError as e:
        print("thread:", e)

async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    await asyncio.to_thread(report, loop, fut)
    print("done", fut.done())

asyncio.run(main(), debug=True)
