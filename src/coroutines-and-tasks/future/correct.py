import asyncio


class Thermometer:
    """A simulated device with a callback API: it answers 0.5 s later."""

    def __init__(self, loop):
        self.loop = loop

    def request_reading(self, on_reading):
        self.loop.call_later(0.5, on_reading, 21.5)


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    reading = loop.create_future()
    Thermometer(loop).request_reading(reading.set_result)
    try:
        celsius = await reading  # suspends until the callback calls set_result
        print(f"{loop.time() - start:.2f}s  {celsius} °C")
    except asyncio.InvalidStateError as error:
        print(f"{loop.time() - start:.2f}s  {type(error).__name__}: no reading")


asyncio.run(main())
