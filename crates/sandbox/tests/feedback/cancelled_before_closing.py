import asyncio


async def heartbeat():
    while True:
        await asyncio.sleep(1)
        print("beat")


loop = asyncio.new_event_loop()
task = loop.create_task(heartbeat())
loop.run_until_complete(asyncio.sleep(2.5))
task.cancel()
loop.run_until_complete(asyncio.gather(task, return_exceptions=True))
loop.close()
print("loop closed")
