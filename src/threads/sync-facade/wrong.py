import asyncio
import time


class Connection:
    """A simulated database connection (no network). Like many real servers,
    this one drops a client it has not heard a ping from for 0.5 s."""

    async def open(self):
        self.loop = asyncio.get_running_loop()
        self.last_ping = self.loop.time()
        self.pinger = asyncio.create_task(self.keep_alive())
        return self

    async def keep_alive(self):
        while True:
            await asyncio.sleep(0.2)
            self.last_ping = self.loop.time()

    async def query(self, sql):
        if self.loop.time() - self.last_ping > 0.5:
            raise ConnectionError("server dropped the connection: no ping for 0.5 s")
        await asyncio.sleep(0.1)
        return f"rows for {sql}"

    async def close(self):
        self.pinger.cancel()


class Database:
    """A sync facade over the async connection, for sync code to call."""

    def __init__(self):
        self.runner = asyncio.Runner()  # one loop for every call
        self.conn = self.call(Connection().open())

    def call(self, coro):
        return self.runner.run(coro)  # the loop runs only while a call is in progress

    def query(self, sql):
        return self.call(self.conn.query(sql))

    def close(self):
        self.call(self.conn.close())
        self.runner.close()


def main():
    db = Database()
    print(db.query("SELECT 1"))
    time.sleep(0.8)  # the app does other work between two queries
    try:
        print(db.query("SELECT 2"))
    except ConnectionError as error:
        print(f"ConnectionError: {error}")
    db.close()


main()
