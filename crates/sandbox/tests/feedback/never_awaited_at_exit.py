import asyncio


async def main():
    print("the program's real work")


pending = main()  # the coroutine lives until the interpreter shuts down
print("nothing ran")
