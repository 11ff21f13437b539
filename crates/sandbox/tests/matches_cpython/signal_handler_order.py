# A handler runs two loop iterations after the signal, as a Unix loop's
# self-pipe makes it: callbacks already scheduled run first.
import asyncio
import os
import signal


async def main():
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR1, print, "handler")

    def send():
        loop.call_soon(print, "scheduled before the signal")
        os.kill(os.getpid(), signal.SIGUSR1)
        loop.call_soon(print, "scheduled after the signal")
        print("kill() returned")

    loop.call_soon(send)
    for step in range(4):
        print("step", step)
        await asyncio.sleep(0)
    print("removed:", loop.remove_signal_handler(signal.SIGUSR1))
    print("removed again:", loop.remove_signal_handler(signal.SIGUSR1))


asyncio.run(main())
