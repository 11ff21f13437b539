// The program both engines run first: a small asyncio gather. It sleeps for
// 0 s so that neither engine's clock (virtual or real) decides the figure.
export const GATHER = `import asyncio


async def square(n):
    await asyncio.sleep(0)
    return n * n


async def main():
    print(await asyncio.gather(*(square(n) for n in range(5))))


asyncio.run(main())
`;

export const TRIVIAL = "pass\n";
