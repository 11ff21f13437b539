import asyncio

background = set()


def finished(task):
    background.discard(task)
    if not task.cancelled() and task.exception() is not None:
        print(f"receipt failed: {task.exception()}")


async def send_receipt(order):
    await asyncio.sleep(0.2)  # a simulated mail server
    if order % 2:
        raise ConnectionError(f"mail server refused order {order}")
    print(f"receipt sent for order {order}")


async def main():
    # print what the loop reports, instead of logging it to stderr
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(lambda loop, context: print(context["message"]))
    for order in (6, 7, 9):
        task = asyncio.create_task(send_receipt(order))
        background.add(task)
        task.add_done_callback(finished)
    await asyncio.sleep(0.5)
    print("main done")


asyncio.run(main())
