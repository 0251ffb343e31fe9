"""Background jobs: refresh supplier prices and export stock reports."""
import asyncio
import csv
import io
import logging
from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy import select

from app.db import Item, SessionLocal

logger = logging.getLogger(__name__)

SUPPLIER_URL = "https://supplier.example.com/api/prices"
# Blocking work (CSV rendering, legacy SDKs) runs here so it never stalls the event loop.
executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="reports")
background_tasks: set[asyncio.Task] = set()


async def fetch_price(client: httpx.AsyncClient, limiter: asyncio.Semaphore, sku: str) -> tuple[str, float]:
    async with limiter:
        response = await client.get(SUPPLIER_URL, params={"sku": sku})
        response.raise_for_status()
        return sku, response.json()["price"]


async def refresh_prices(skus: list[str], concurrency: int = 10) -> dict[str, float]:
    """Fetch all prices concurrently, at most `concurrency` requests in flight."""
    limiter = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(timeout=10) as client:
        results = await asyncio.gather(
            *(fetch_price(client, limiter, sku) for sku in skus),
            return_exceptions=True,
        )
    prices = {}
    for sku, result in zip(skus, results):
        if isinstance(result, Exception):
            logger.warning("price for %s failed: %r", sku, result)
        else:
            prices[result[0]] = result[1]
    return prices


async def iter_low_stock(threshold: int):
    """Stream rows from the database instead of loading them all at once."""
    async with SessionLocal() as session:
        stream = await session.stream_scalars(select(Item).where(Item.quantity < threshold))
        async for item in stream:
            yield item


def render_csv(rows: list[tuple[str, str, int]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["sku", "name", "quantity"])
    writer.writerows(rows)
    return buffer.getvalue()


async def low_stock_report(threshold: int = 5) -> str:
    rows = [(item.sku, item.name, item.quantity) async for item in iter_low_stock(threshold)]
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(executor, render_csv, rows)


def schedule_price_refresh(skus: list[str]) -> asyncio.Task:
    """Fire-and-forget, but keep a reference: the loop only holds tasks weakly."""
    task = asyncio.create_task(refresh_prices(skus))
    background_tasks.add(task)
    task.add_done_callback(background_tasks.discard)
    return task
