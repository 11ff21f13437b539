import asyncio
import time

# Simulated services (no network): how long each check takes to answer.
LATENCY = {"username": 0.1, "email": 0.1, "captcha": 0.1, "password": 0.3}
FORM = {"username": "al", "email": "al.com", "captcha": "x7", "password": "hunter2"}


async def check(field, value):
    await asyncio.sleep(LATENCY[field])
    if field == "username" and len(value) < 3:
        raise ValueError(f"username {value!r} is too short")
    if field == "email" and "@" not in value:
        raise ValueError(f"email {value!r} has no @")
    if field == "captcha":
        raise ConnectionError("captcha service did not answer")
    if field == "password" and value == "hunter2":
        raise ValueError("password appears in a known breach")


async def main():
    start = time.perf_counter()
    try:
        async with asyncio.TaskGroup() as tg:
            for field, value in FORM.items():
                tg.create_task(check(field, value))
        print("account created")
    except ValueError as error:  # never matches: the group raises an ExceptionGroup
        print(f"invalid: {error}")
    except ConnectionError as error:
        print(f"try again later: {error}")
    except Exception as error:
        print(f"bug: {type(error).__name__}: {error}")
    print(f"answered at {time.perf_counter() - start:.2f}s")


asyncio.run(main())
