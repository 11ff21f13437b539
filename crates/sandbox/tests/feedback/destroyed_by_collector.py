import asyncio
import gc
import weakref

waiters = weakref.WeakSet()  # like some libraries, it holds futures weakly


async def wait_for_message():
    future = asyncio.get_running_loop().create_future()
    waiters.add(future)
    print(f"got {await future}")


async def main():
    # print what the loop reports, instead of logging it to stderr
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(lambda loop, context: print(context["message"]))
    asyncio.create_task(wait_for_message())  # nothing keeps this task
    await asyncio.sleep(0.1)
    gc.collect()  # a collection can run at any moment; here it runs now
    for future in list(waiters):
        future.set_result("hello")
    await asyncio.sleep(0.1)
    print("main done")


asyncio.run(main())
