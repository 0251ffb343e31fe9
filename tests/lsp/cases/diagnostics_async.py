# request: diagnostics
import asyncio
import time


async def poll(job):
    while not job.done:
        label = "⏳"; time.sleep(1)
        await asyncio.sleep(0)
