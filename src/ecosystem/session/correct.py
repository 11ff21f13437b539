import asyncio
import time


# --- simulated: stands in for aiohttp (no network; costs virtual time) --------
class ClientSession:
    opened = 0  # connections opened, over all sessions

    async def __aenter__(self):
        self.idle = 0  # open connections this session can reuse (keep-alive)
        return self

    async def __aexit__(self, *exc):
        self.idle = 0  # closing the session closes its connections

    def get(self, url):
        return Response(self, url)


class Response:
    def __init__(self, session, url):
        self.session, self.url = session, url

    async def __aenter__(self):
        if self.session.idle:
            self.session.idle -= 1
        else:
            ClientSession.opened += 1
            await asyncio.sleep(0.1)  # TCP + TLS handshake
        await asyncio.sleep(0.2)  # the server answers
        return self

    async def __aexit__(self, *exc):
        self.session.idle += 1

    async def json(self):
        return {"page": int(self.url.rsplit("=", 1)[1])}


# --- application code ----------------------------------------------------------
async def get_page(session, n):
    # the caller's session keeps the connection open between pages
    async with session.get(f"https://api.example.com/orders?page={n}") as resp:
        return await resp.json()


async def main():
    start = time.perf_counter()
    async with ClientSession() as session:  # one session for the whole program
        for n in range(1, 6):
            page = await get_page(session, n)
            print(f"{time.perf_counter() - start:.2f}s  page {page['page']}")
    print(f"connections opened: {ClientSession.opened}")
    print(f"total: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
