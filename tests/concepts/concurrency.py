# concepts: async-await, event-loop, blocking-call-in-async, threading, multiprocessing
import asyncio
import subprocess
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing import Pool

import httpx
import requests


async def fetch_all(urls):
# <- async-await
    async with httpx.AsyncClient(timeout=10) as client:
#   ^^^^^ async-await
        tasks = [asyncio.create_task(client.get(u)) for u in urls]
#                ^^^^^^^^^^^^^^^^^^^ event-loop
        return await asyncio.gather(*tasks)
#              ^^^^^ async-await
#                    ^^^^^^^^^^^^^^ event-loop


async def stream(queue):
# <- async-await
    async for item in queue:
#   ^^^^^ async-await
        await asyncio.sleep(0.1)
#       ^^^^^ async-await
#             ^^^^^^^^^^^^^ !event-loop
        time.sleep(1)
#       ^^^^^^^^^^^^^ blocking-call-in-async
        requests.get("https://api.example.com/ping", timeout=5)
#       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
        subprocess.run(["ls"], check=True)
#       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


async def offloaded():
# <- async-await
    def blocking_work():
        # A sync helper defined inside a coroutine runs in a thread: fine here.
        time.sleep(1)
#       ^^^^^^^^^^^^^ !blocking-call-in-async

    await asyncio.to_thread(blocking_work)
#   ^^^^^ async-await


def sync_view():
#   ^^^^^^^^^ !async-await
    time.sleep(0.2)
#   ^^^^^^^^^^^^^^^ !blocking-call-in-async
    return requests.post("https://api.example.com", json={}, timeout=3)
#          ^^^^^^^^^^^^^ !blocking-call-in-async


def main():
    loop = asyncio.new_event_loop()
#          ^^^^^^^^^^^^^^^^^^^^^^ event-loop
    loop.run_until_complete(fetch_all([]))
#        ^^^^^^^^^^^^^^^^^^ event-loop
    asyncio.run(stream(None))
#   ^^^^^^^^^^^ event-loop


class Worker(threading.Thread):
#            ^^^^^^^^^^^^^^^^ threading
    def run(self):
        lock = threading.Lock()
#              ^^^^^^^^^^^^^^ threading
        with ThreadPoolExecutor(max_workers=4) as pool:
#            ^^^^^^^^^^^^^^^^^^ threading
            pool.map(print, range(3))
#           ^^^^^^^^ !threading
        return lock


def crunch(numbers):
    with Pool(4) as pool:
#        ^^^^ multiprocessing
        squares = pool.map(abs, numbers)
    with ProcessPoolExecutor() as ex:
#        ^^^^^^^^^^^^^^^^^^^ multiprocessing
        ex.submit(sum, numbers)
#       ^^^^^^^^^ !multiprocessing
    return squares
