import asyncio, signal
async def main():
    try:
        asyncio.get_running_loop().add_signal_handler(signal.SIGKILL, print)
    except RuntimeError as e:
        print("RuntimeError:", e)
    try:
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, main)
    except TypeError as e:
        print("TypeError:", e)
asyncio.run(main())
