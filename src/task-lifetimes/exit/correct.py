import asyncio
import time

background = set()  # strong references keep running tasks alive


def spawn(coro):
    task = asyncio.create_task(coro)
    background.add(task)
    task.add_done_callback(background.discard)
    return task


# A simulated mail server (no network): sending an email takes 0.5 s.
async def send_welcome(user, start):
    try:
        await asyncio.sleep(0.5)
        print(f"{time.perf_counter() - start:.2f}s  welcome email sent to {user}")
    except asyncio.CancelledError:
        print(f"{time.perf_counter() - start:.2f}s  welcome email to {user} cancelled")
        raise


async def sign_up(user, start):
    await asyncio.sleep(0.1)  # simulated: store the new account
    print(f"{time.perf_counter() - start:.2f}s  account {user} created")
    spawn(send_welcome(user, start))  # the reply should not wait for the email


async def main():
    start = time.perf_counter()
    await sign_up("ada", start)
    await asyncio.gather(*background)  # finish background work before leaving
    print(f"main returns at {time.perf_counter() - start:.2f}s")


asyncio.run(main())
