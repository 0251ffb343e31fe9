# concepts: django-migration, n-plus-one, rate-limiting, cache-aside, celery-task, idempotency, connection-pooling, decorator-definition, django-settings, oauth2, cache-invalidation
# False positives found by reviewing findings on real code (bench/real-code), kept as negatives.
from django.db.migrations.graph import MigrationGraph
from django.core.cache import cache
from requests_oauthlib import OAuth1
from sqlalchemy import bindparam

SECRET_KEY = "only-one-setting-here-so-not-a-django-settings-module"
#            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ !django-settings


def build_graph():
    graph = MigrationGraph()
    graph.add_node(("app", "0001"), None)
#   ^^^^^^^^^^^^^^ !django-migration
    return graph


def scaled(request):
    for city in City.objects.annotate(scale=Scale("point", 2)):
        print(city.scale.z)
#             ^^^^^^^^^^ !n-plus-one


class KeyValueBackend:
    def on_chord_part_return(self, key):
        value = self.incr(key)
#               ^^^^^^^^^ !rate-limiting
        self.expire(key, 86400)
        return value


def record_attempt(key, now):
    history = cache.get(key, [])
#             ^^^^^^^^^ !cache-aside
    if history is not None:
        history.append(now)
    cache.set(key, history)
    return history


def dispatch(pool, job):
    return pool.apply_async(job)
#          ^^^^^^^^^^^^^^^^ !celery-task


def statement():
    return bindparam("foo", 10, unique=True)
#                               ^^^^^^^^^^^ !idempotency


def engine_options(pool):
    options = {"pool": pool}
#              ^^^^ !connection-pooling
    return options


def bind_processor(self, dialect):
    def process(value):
        return None if value is None else str(value)

    return process
# <- !decorator-definition


def sign(client_key):
    return OAuth1(client_key)
#          ^^^^^^ !oauth2


def reset_log(redis_connection, redis_key):
    redis_connection.delete(redis_key)
#                    ^^^^^^ !cache-invalidation


def create_proxy_methods(target_cls, methods):
#   ^^^^^^^^^^^^^^^^^^^^ decorator-definition
    def decorate(cls):
        for name in methods:
            setattr(cls, name, getattr(target_cls, name))
        return cls

    return decorate
