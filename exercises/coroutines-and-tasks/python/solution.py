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
    reading = asyncio.get_running_loop().create_future()

    def on_reading(value):
        # The reader may have given up (a timeout cancels the future):
        # setting a result on a done future would raise InvalidStateError.
        if not reading.done():
            reading.set_result(value)

    def on_error(error):
        if not reading.done():
            reading.set_exception(error)

    sensor.request(on_reading, on_error)
    return await reading  # wakes the moment a callback settles the future


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
