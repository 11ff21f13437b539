import asyncio
import time


# --- the sensor library: leave this class as it is -----------------------------
class SensorError(Exception):
    """What a sensor reports when it cannot take a reading."""


class Sensor:
    """A simulated sensor with a callback API (no hardware).

    request(on_reading, on_error) returns at once. About 0.25 s later the
    sensor calls exactly one of them: on_reading(value) with a float, or
    on_error(error) with a SensorError.
    """

    def __init__(self, value=21.5, delay=0.25, error=None):
        self.value = value
        self.delay = delay
        self.error = error

    def request(self, on_reading, on_error):
        loop = asyncio.get_running_loop()
        if self.error is not None:
            loop.call_later(self.delay, on_error, self.error)
        else:
            loop.call_later(self.delay, on_reading, self.value)
# ------------------------------------------------------------------------------


async def read(sensor):
    """Return the sensor's next reading, or raise the error it reports."""
    # TODO: polling every 0.1 s answers up to 0.1 s late, and an error
    # reported through on_error is never noticed: this would poll forever.
    # Wrap the callbacks in a future from the running loop and await it.
    readings = []
    sensor.request(readings.append, lambda error: None)
    while not readings:
        await asyncio.sleep(0.1)
    return readings[0]


async def main():
    start = time.perf_counter()
    print(await read(Sensor()))
    print(f"took {time.perf_counter() - start:.2f}s")
    unplugged = Sensor(error=SensorError("unplugged"))
    try:
        await asyncio.wait_for(read(unplugged), timeout=1)
    except SensorError as error:
        print(f"SensorError: {error}")
    except TimeoutError:
        print("no reading and no error after 1 s")


if __name__ == "__main__":
    asyncio.run(main())
