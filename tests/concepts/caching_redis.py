# concepts: redis-client, redis-pubsub, lru-cache, cache-aside, cache-invalidation, memcached, rate-limiting
import functools
#      ^^^^^^^^^ !lru-cache
from functools import cache, lru_cache

import redis
#      ^^^^^ !redis-client
from django.core.cache import cache as django_cache
from pymemcache.client.base import Client as MemcacheClient
#    ^^^^^^^^^^^^^^^^^^^^^^ memcached

r = redis.Redis(host="redis", port=6379, decode_responses=True)
#   ^^^^^^^^^^^ redis-client
pool_client = redis.from_url("redis://redis:6379/1")
#             ^^^^^^^^^^^^^^ redis-client
page_cache = redis.Redis(db=2)
#            ^^^^^^^^^^^ redis-client
memcache = MemcacheClient(("memcached", 11211))
#          ^^^^^^^^^^^^^^ memcached
CACHES = {"sessions": {"BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache"}}
#                                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ memcached


@lru_cache(maxsize=256)
# <- lru-cache
def exchange_rate(currency):
    return 1.0


@functools.lru_cache
# <- lru-cache
def country_codes():
    return {"FR", "DE"}
#            ^^ !lru-cache


@cache
# <- lru-cache
def feature_flags():
    return {}


def product_page(product_id, load):
    key = f"product:{product_id}"
#           ^^^^^^^ !redis-client
    cached = r.get(key)
#            ^^^^^ redis-client
#            ^^^^^ cache-aside
    if cached is not None:
        return cached
    value = load(product_id)
#           ^^^^ !cache-aside
    r.set(key, value, ex=300)
#   ^^^^^ redis-client
#                     ^^^^^^ cache-invalidation
    return value


def settings_page(load):
    data = django_cache.get("settings")
#          ^^^^^^^^^^^^^^^^ cache-aside
    if not data:
        data = load()
        django_cache.set("settings", data, timeout=600)
#                                          ^^^^^^^^^^^ cache-invalidation
    return data


def read_only(key):
    # A get without a fill on miss is not cache-aside.
    return r.get(key)
#          ^^^^^ redis-client
#          ^^^^^ !cache-aside


def invalidate(product_id):
    r.delete(f"product:{product_id}")
#   ^^^^^^^^ redis-client
#     ^^^^^^ !cache-invalidation
    page_cache.delete(f"page:{product_id}")
#   ^^^^^^^^^^^^^^^^^ redis-client
#              ^^^^^^ cache-invalidation
    django_cache.delete_many(["settings", "flags"])
#                ^^^^^^^^^^^ cache-invalidation
    exchange_rate.cache_clear()
#                 ^^^^^^^^^^^ cache-invalidation


def allow(user_id, limit=100):
    key = f"rate:{user_id}"
    count = r.incr(key)
#           ^^^^^^ rate-limiting
#           ^^^^^^ redis-client
    if count == 1:
#      ^^^^^ !rate-limiting
        r.expire(key, 60)
#       ^^^^^^^^ redis-client
#         ^^^^^^ cache-invalidation
    return count <= limit
#          ^^^^^ !rate-limiting


def counter(metrics, name):
    # An increment with no expiry on the key is a counter, not a rate limit.
    return metrics.incr(name)
#          ^^^^^^^^^^^^ !rate-limiting


def announce(order_id):
    r.publish("orders", str(order_id))
#     ^^^^^^^ redis-pubsub
    listener = r.pubsub()
#                ^^^^^^ redis-pubsub
    listener.subscribe("orders")
#            ^^^^^^^^^ redis-pubsub
#                      ^^^^^^^^ !memcached
    r.xadd("order-events", {"id": order_id})
#   ^^^^^^ redis-client
#     ^^^^ redis-pubsub
    return listener
#          ^^^^^^^^ !redis-pubsub


def not_cache(session, payload):
    session.delete(payload)
#   ^^^^^^^^^^^^^^ !cache-invalidation
    payload.clear()
#   ^^^^^^^^^^^^^ !cache-invalidation
    return session.get("x")
#          ^^^^^^^^^^^ !redis-client
#          ^^^^^^^^^^^ !cache-aside
