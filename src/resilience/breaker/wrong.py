import asyncio
import time


async def service(start):
    """A simulated service that hangs until 6.2 s after the start, then answers in 0.05 s."""
    await asyncio.sleep(0.05 if time.perf_counter() - start >= 6.2 else 3600)
    return "200 OK"


async def main():
    start = time.perf_counter()
    for n in range(1, 11):
        asked = time.perf_counter()
        try:
            # every request waits out the full timeout, however long the service has been down
            result = await asyncio.wait_for(service(start), 1.0)
        except TimeoutError:
            result = "timed out"
        now = time.perf_counter()
        print(f"{now - start:.2f}s  request {n}: {result} after {now - asked:.2f}s")
        await asyncio.sleep(0.5)  # the next request comes in


asyncio.run(main())
