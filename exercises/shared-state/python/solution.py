import asyncio
import collections


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
        # One lock per item, made the first time the item is bought: apples
        # take turns with apples, never with pears.
        self.locks = collections.defaultdict(asyncio.Lock)

    async def buy(self, item):
        """Take one `item` out of stock: True if bought, False if sold out."""
        # No other purchase of this item can run between read and write.
        async with self.locks[item]:
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
