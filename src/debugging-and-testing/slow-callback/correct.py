import asyncio
import logging
import time


def crunch(seconds):
    deadline = time.perf_counter() + seconds  # stands in for real number crunching
    while time.perf_counter() < deadline:
        pass


class SlowStepReport(logging.Handler):
    # Debug mode logs "Executing <the task or callback> took N seconds" to the
    # "asyncio" logger; print only the duration, the rest holds file paths.
    def emit(self, record):
        if record.msg.startswith("Executing"):
            print(f"  debug mode: a step took {record.args[1]:.2f} seconds")


logging.getLogger("asyncio").addHandler(SlowStepReport())


async def handle(name, work):
    await asyncio.sleep(0.1)  # a simulated request arrives
    crunch(work)
    print(f"{time.perf_counter() - START:.2f}s  {name} done")


async def main():
    await asyncio.gather(handle("A", 0.05), handle("B", 0.3), handle("C", 0.05))
    print(f"total: {time.perf_counter() - START:.2f}s")


START = time.perf_counter()
asyncio.run(main(), debug=True)  # the loop now reports any step over 0.1 s
