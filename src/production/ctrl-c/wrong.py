import asyncio
import os
import signal
import time

calls = 0


async def poll():
    """A simulated work queue (no network): answers in 1 s; the 2nd call fails."""
    global calls
    calls += 1
    await asyncio.sleep(1.0)
    if calls == 2:
        raise ConnectionError("queue server went away")


async def main():
    start = time.perf_counter()
    loop = asyncio.get_running_loop()
    # stands in for an operator pressing Ctrl-C in the terminal
    loop.call_later(2.5, os.kill, os.getpid(), signal.SIGINT)
    done = 0
    try:
        while done < 3:
            try:
                await poll()
                done += 1
                print(f"{time.perf_counter() - start:.2f}s  poll {done} done")
            except BaseException as error:  # also catches the CancelledError Ctrl-C sends
                print(f"{time.perf_counter() - start:.2f}s  {type(error).__name__}, retrying")
    finally:
        print(f"{time.perf_counter() - start:.2f}s  connection closed")


try:
    asyncio.run(main())
except KeyboardInterrupt:
    print("stopped by Ctrl-C")
