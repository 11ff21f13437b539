import asyncio, os, signal
async def main():
    try:
        asyncio.get_running_loop().call_later(1, os.kill, os.getpid(), signal.SIGINT)
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print("main cancelled")
        raise
    finally:
        print("cleanup ran")
try:
    asyncio.run(main())
except KeyboardInterrupt:
    print("KeyboardInterrupt reached the top")
