import asyncio


class Database:
    """A simulated database (no network): every query takes 0.05 s."""

    def __init__(self, seats):
        self.seats = seats

    async def get_seats(self):
        await asyncio.sleep(0.05)
        return self.seats

    async def set_seats(self, seats):
        await asyncio.sleep(0.05)
        self.seats = seats


async def book(db):
    seats = await db.get_seats()
    if seats == 0:
        return False
    await db.set_seats(seats - 1)  # stale: others booked since the read
    return True


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    db = Database(seats=3)
    booked = await asyncio.gather(*(book(db) for _ in range(10)))
    print(f"tickets sold: {sum(booked)}, turned away: {booked.count(False)}")
    print(f"seats left in the database: {db.seats}")
    print(f"total: {loop.time() - start:.2f}s")


asyncio.run(main())
