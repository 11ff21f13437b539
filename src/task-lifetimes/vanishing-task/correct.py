import asyncio
import gc
import time
import weakref

background = set()  # strong references keep running tasks alive


class Bus:
    # A simulated message bus. Like some real libraries, it holds waiters weakly.
    def __init__(self):
        self.waiters = weakref.WeakSet()

    async def receive(self):
        future = asyncio.get_running_loop().create_future()
        self.waiters.add(future)
        return await future

    def publish(self, message):
        for future in list(self.waiters):
            future.set_result(message)


async def audit(bus, start):
    message = await bus.receive()
    print(f"{time.perf_counter() - start:.2f}s  audit log: {message}")


async def main():
    start = time.perf_counter()
    # print what the loop reports, instead of logging it to stderr
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(lambda loop, context: print(context["message"]))
    bus = Bus()
    task = asyncio.create_task(audit(bus, start))
    background.add(task)
    task.add_done_callback(background.discard)  # forget it once it is done
    await asyncio.sleep(0.5)
    gc.collect()  # a collection can run at any moment; here it runs now
    bus.publish("user 7 signed in")
    await asyncio.sleep(0.1)
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
