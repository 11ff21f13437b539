import asyncio
import inspect
import sys


async def fetch_user(user_id):
    await asyncio.sleep(0.2)  # a simulated user service
    return {"id": user_id, "name": "ada"}


async def test_fetch_user():
    user = await fetch_user(7)
    assert user["name"] == "Ada", f"name is {user['name']!r}"


def run_tests(module):
    failed = 0
    for name, test in inspect.getmembers(module, inspect.iscoroutinefunction):
        if name.startswith("test_"):
            try:
                asyncio.run(test())  # a fresh loop per test, as pytest-asyncio gives
                print(f"PASS {name}")
            except AssertionError as failure:
                failed += 1
                print(f"FAIL {name}: {failure}")
    print(f"{failed} failed")


run_tests(sys.modules[__name__])
