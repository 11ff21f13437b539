import asyncio
import os
import signal
import time

JOB_SECONDS = {"worker-a": 1.0, "worker-b": 0.8}  # how long each worker's jobs take


async def worker(name, stop, start):
    done = 0
    try:
        while not stop.is_set():  # starts a new job only while nobody asked to stop
            await asyncio.sleep(JOB_SECONDS[name])  # simulated job, e.g. charge a card
            done += 1
            print(f"{time.perf_counter() - start:.2f}s  {name} finished job {done}")
    except asyncio.CancelledError:
        print(f"{time.perf_counter() - start:.2f}s  {name} job {done + 1} cut off halfway")
        raise
    print(f"{time.perf_counter() - start:.2f}s  {name} stops after {done} jobs")


async def main():
    start = time.perf_counter()
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    # plays the orchestrator (systemd, Kubernetes) asking the service to stop
    loop.call_later(2.5, os.kill, os.getpid(), signal.SIGTERM)
    workers = [asyncio.create_task(worker(name, stop, start)) for name in JOB_SECONDS]
    await stop.wait()
    print(f"{time.perf_counter() - start:.2f}s  SIGTERM received")
    # the workers see `stop` after their current job; the timeout is the grace
    # period, shorter than the orchestrator's wait before it sends SIGKILL
    await asyncio.wait_for(asyncio.gather(*workers), timeout=10)
    print(f"{time.perf_counter() - start:.2f}s  exit")


asyncio.run(main())
