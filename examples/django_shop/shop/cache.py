"""Caching helpers: Django's cache API for page data, a raw Redis client for counters."""
import json
import os

import redis
from django.core.cache import cache

from shop.models import Product

PRODUCT_TTL_SECONDS = 10 * 60

redis_client = redis.Redis(
    host=os.environ.get("REDIS_HOST", "localhost"),
    port=int(os.environ.get("REDIS_PORT", "6379")),
    db=2,
    decode_responses=True,
    socket_timeout=2,
)


def product_cache_key(product_id: int) -> str:
    return f"product:{product_id}:summary"


def get_product_summary(product_id: int) -> dict | None:
    """Cache-aside: read the cache, fall back to the database, then fill the cache."""
    key = product_cache_key(product_id)
    summary = cache.get(key)
    if summary is None:
        product = Product.objects.filter(pk=product_id, is_active=True).prefetch_related("tags").first()
        if product is None:
            return None
        summary = {
            "id": product.pk,
            "name": product.name,
            "price": str(product.price),
            "in_stock": product.in_stock,
            "tags": [tag.name for tag in product.tags.all()],
        }
        cache.set(key, summary, timeout=PRODUCT_TTL_SECONDS)
    return summary


def invalidate_product(product_id: int) -> None:
    """Called after a product changes, so readers never see a stale price for ten minutes."""
    cache.delete(product_cache_key(product_id))


def featured_product_ids() -> list[int]:
    return cache.get_or_set(
        "catalogue:featured",
        lambda: list(Product.objects.filter(is_active=True, stock__gt=0).values_list("pk", flat=True)[:12]),
        timeout=60 * 60,
    )


def is_rate_limited(identity: str, limit: int = 10, window_seconds: int = 60) -> bool:
    """Fixed-window limiter: at most `limit` calls per identity in each window."""
    key = f"ratelimit:{identity}"
    count = redis_client.incr(key)
    if count == 1:
        # First hit in this window: start the clock.
        redis_client.expire(key, window_seconds)
    return count > limit


def publish_stock_change(product_id: int, stock: int) -> None:
    redis_client.publish("stock-changes", json.dumps({"product": product_id, "stock": stock}))
