import asyncio
import inspect

from workbook_checks import check


def open_shop(learner, stock):
    warehouse = learner.Warehouse(stock)
    return learner.Shop(warehouse), warehouse


async def buy(shop, item):
    outcome = shop.buy(item)
    assert inspect.isawaitable(outcome), (
        "shop.buy(item) returned a plain value instead of something to await: "
        "keep it an `async def` so callers can `await shop.buy(item)`"
    )
    return await outcome


async def stock_of(warehouse, item):
    return await warehouse.count(item)


@check("a sold-out item is refused")
async def refuses_when_sold_out(learner):
    shop, warehouse = open_shop(learner, {"apple": 1})
    first = await buy(shop, "apple")
    second = await buy(shop, "apple")
    left = await stock_of(warehouse, "apple")
    assert (first, second, left) == (True, False, 0), (
        f"with 1 apple in stock, two purchases one after the other returned "
        f"{first} and {second} and left {left} in the warehouse; expected True, "
        "then False, and 0 left"
    )


@check("never sells more than the stock")
async def never_oversells(learner):
    shop, warehouse = open_shop(learner, {"apple": 3})
    bought = await asyncio.gather(*(buy(shop, "apple") for _ in range(10)))
    sold = sum(1 for outcome in bought if outcome is True)
    left = await stock_of(warehouse, "apple")
    assert sold <= 3, (
        f"10 customers bought an apple at the same time and {sold} purchases "
        f"succeeded, but there were only 3 apples; the warehouse now says {left} "
        f"{'is' if left == 1 else 'are'} left. Several purchases read the same count "
        "before any of them wrote it back. Make each purchase's read and write "
        "one step that other purchases of the same item have to wait for"
    )
    assert (sold, left) == (3, 0), (
        f"10 customers bought an apple at the same time: {sold} succeeded and the "
        f"warehouse says {left} left; expected all 3 apples sold and 0 left"
    )


@check("different items don't wait for each other")
async def items_in_parallel(learner):
    shop, _ = open_shop(learner, {"apple": 3, "pear": 3})
    loop = asyncio.get_running_loop()
    start = loop.time()
    apple, pear = await asyncio.gather(buy(shop, "apple"), buy(shop, "pear"))
    elapsed = loop.time() - start
    assert (apple, pear) == (True, True), (
        f"buying an apple and a pear (3 of each in stock) returned {apple} and "
        f"{pear}; expected True for both"
    )
    assert elapsed < 0.15, (
        f"buying an apple and a pear at the same time took {elapsed:.2f} s, as long "
        "as buying them one after the other (a purchase takes 0.10 s): the pear "
        "waited for the apple. Give each item its own lock instead of one for the "
        "whole shop"
    )
