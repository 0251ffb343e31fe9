import bisect
import functools
import logging
import time
from contextlib import contextmanager
from decimal import Decimal
from functools import lru_cache

from shop.models import Tag

logger = logging.getLogger(__name__)

# Upper weight bound (grams) of each shipping band, and the price of that band.
WEIGHT_BANDS = [500, 2_000, 10_000, 30_000]
BAND_PRICES = [Decimal("3.90"), Decimal("6.50"), Decimal("12.00"), Decimal("25.00")]
EU_COUNTRIES = frozenset({"AT", "BE", "DE", "ES", "FR", "IE", "IT", "NL", "PL", "PT"})


def timed(func):
    """Log how long each call to `func` takes."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            elapsed_ms = (time.perf_counter() - started) * 1000
            logger.debug("%s took %.1f ms", func.__qualname__, elapsed_ms)

    return wrapper


def in_batches(queryset, size=500):
    """Yield lists of at most `size` objects without loading the whole table into memory."""
    batch = []
    for obj in queryset.iterator(chunk_size=size):
        batch.append(obj)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def add_tags(product, tags=[]):
    """Pitfall: the default list is created once and shared by every call that omits `tags`."""
    tags.append("new-arrival")
    product.tags.add(*Tag.objects.filter(name__in=tags))
    return tags


def add_tags_fixed(product, tags=None):
    tags = [*(tags or ()), "new-arrival"]
    product.tags.add(*Tag.objects.filter(name__in=tags))
    return tags


@contextmanager
def log_duration(label: str):
    started = time.perf_counter()
    try:
        yield
    finally:
        logger.info("%s finished in %.2fs", label, time.perf_counter() - started)


@lru_cache(maxsize=64)
def vat_rate(country_code: str) -> Decimal:
    """Pure and called for every cart line, so memoising it is safe and cheap."""
    return Decimal("0.20") if country_code.upper() in EU_COUNTRIES else Decimal("0")


def shipping_cost(weight_grams: int) -> Decimal:
    band = bisect.bisect_left(WEIGHT_BANDS, weight_grams)
    if band == len(WEIGHT_BANDS):
        raise ValueError(f"Parcel too heavy: {weight_grams} g")
    return BAND_PRICES[band]


@timed
def cart_summary(lines):
    """`lines` is a list of (product, quantity) pairs."""
    subtotal = sum(product.price * quantity for product, quantity in lines)
    skus = {product.sku: quantity for product, quantity in lines if quantity > 0}
    cheapest_first = sorted(lines, key=lambda line: line[0].price)
    return {
        "subtotal": subtotal,
        "skus": skus,
        "cheapest": cheapest_first[0][0].sku if cheapest_first else None,
    }
