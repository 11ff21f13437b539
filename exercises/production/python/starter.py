import asyncio
import os
import signal
import time

JOB_SECONDS = 0.5  # every job takes this long
WORKERS = 2


# --- the jobs: leave this function as it is ------------------------------------
async def handle(job, done):
    """A simulated job (nothing real happens): takes 0.5 s, then records itself."""
    await asyncio.sleep(JOB_SECONDS)
    done.append(job)
# --------------------------------------------------------------------------------


class JobService:
    """A job queue served by WORKERS worker tasks until SIGTERM arrives."""

    def __init__(self):
        self.queue = asyncio.Queue()
        self.done = []  # the jobs handled, in the order they finished
        self.accepting = True

    def submit(self, job):
        """Queue `job` and return True, or return False once shutdown has begun."""
        if not self.accepting:
            return False
        self.queue.put_nowait(job)
        return True

    async def worker(self):
        while True:
            job = await self.queue.get()
            try:
                await handle(job, self.done)
            finally:
                self.queue.task_done()

    async def run(self):
        """Serve jobs until SIGTERM arrives, then shut down and return."""
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        workers = [asyncio.create_task(self.worker()) for _ in range(WORKERS)]
        try:
            await stop.wait()
            # TODO: this shutdown loses work. Cancelling the workers now cuts
            # their current jobs off and drops every job still queued, and
            # submit() goes on accepting jobs that nobody will ever run.
            # Refuse new jobs, let the workers finish every accepted one,
            # and only then stop them.
            for task in workers:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
        finally:
            loop.remove_signal_handler(signal.SIGTERM)


async def main():
    start = time.perf_counter()
    service = JobService()
    for n in range(1, 11):
        service.submit(f"job-{n}")
    loop = asyncio.get_running_loop()
    # plays the orchestrator: SIGTERM at 1.2 s; a client submits one more job at 1.5 s
    loop.call_later(1.2, os.kill, os.getpid(), signal.SIGTERM)
    loop.call_later(1.5, lambda: print(f"job-11 accepted: {service.submit('job-11')}"))
    await service.run()
    print(f"handled {len(service.done)} jobs: {', '.join(service.done)}")
    print(f"run() returned after {time.perf_counter() - start:.2f}s")


if __name__ == "__main__":
    asyncio.run(main())
