import asyncio


# --- the warehouse database: leave this class as it is -----------------------
class Warehouse:
    """A simulated stock database (no network): every query takes 0.05 s."""

    def __init__(self, stock):
        self._stock = dict(stock)

    async def count(self, item):
        await asyncio.sleep(0.05)
        return self._stock[item]

    async def set_count(self, item, count):
        await asyncio.sleep(0.05)
        self._stock[item] = count
# ------------------------------------------------------------------------------


class Shop:
    def __init__(self, warehouse):
        self.warehouse = warehouse
        # TODO: nothing here stops two purchases from overlapping.

    async def buy(self, item):
        """Take one `item` out of stock: True if bought, False if sold out."""
        # TODO: other purchases run during these awaits, so several of them
        # can read the same count. Purchases of one item must take turns;
        # purchases of different items must not wait for each other.
        count = await self.warehouse.count(item)
        if count == 0:
            return False
        await self.warehouse.set_count(item, count - 1)
        return True


async def main():
    warehouse = Warehouse({"apple": 3, "pear": 3})
    shop = Shop(warehouse)
    bought = await asyncio.gather(*(shop.buy("apple") for _ in range(10)))
    left = await warehouse.count("apple")
    print(f"apples sold: {sum(bought)} of 3, left in the warehouse: {left}")


if __name__ == "__main__":
    asyncio.run(main())
