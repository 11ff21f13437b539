import asyncio


async def heartbeat():
    while True:
        await asyncio.sleep(1)
        print("beat")


loop = asyncio.new_event_loop()
task = loop.create_task(heartbeat())
loop.run_until_complete(asyncio.sleep(2.5))
loop.close()
print("loop closed")
