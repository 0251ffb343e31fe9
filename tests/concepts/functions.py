# concepts: decorator, decorator-definition, args-kwargs, generator-function, generator-expression, comprehension, lambda, map-filter-reduce, mutable-default-argument
import functools
import time
from functools import reduce, wraps

from django.contrib.auth.decorators import login_required


def retry(times=3, delay=0.5):
#   ^^^^^ decorator-definition
    def decorate(func):
#       ^^^^^^^^ decorator-definition
        @functools.wraps(func)
#       ^^^^^^^^^^^^^^^^^^^^^^ decorator
        def wrapper(*args, **kwargs):
#                   ^^^^^ args-kwargs
#                          ^^^^^^^^ args-kwargs
            for attempt in range(times):
                try:
                    return func(*args, **kwargs)
#                               ^^^^^ args-kwargs
#                                      ^^^^^^^^ args-kwargs
                except ConnectionError:
                    time.sleep(delay * (attempt + 1))
            return func(*args, **kwargs)
#                       ^^^^^ args-kwargs
#                              ^^^^^^^^ args-kwargs

        return wrapper

    return decorate


def log_calls(func):
#   ^^^^^^^^^ decorator-definition
    def inner(request, *rest):
#                      ^^^^^ args-kwargs
        print(f"calling {func.__name__}")
        return func(request, *rest)
#                            ^^^^^ args-kwargs
#                   ^^^^^^^ !args-kwargs

    return inner


def build_handler(name):
#   ^^^^^^^^^^^^^ !decorator-definition
    # Returns a plain value, not the inner function: not a decorator.
    def handler():
        return name

    return name


@retry(times=5)
# <- decorator
def fetch_rates(base="USD"):
    return {"EUR": 0.92}


@log_calls
# <- decorator
@login_required
# <- !decorator
def dashboard(request):
#   ^^^^^^^^^ !decorator
    return request


def read_batches(rows, size=100):
#   ^^^^^^^^^^^^ generator-function
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
#           ^^^^^ generator-function
            batch = []
    if batch:
        yield from [batch]
#       ^^^^^^^^^^ generator-function


def collect(rows):
#   ^^^^^^^ !generator-function
    # The yield belongs to the lambda-free nested def, not to collect().
    def pairs():
#       ^^^^^ generator-function
        for a, b in rows:
            yield a, b
#           ^^^^^ generator-function

    key = lambda pair: pair[0]
#         ^^^^^^ lambda
#                      ^^^^^^^ !lambda
    return sorted(pairs(), key=key)
#          ^^^^^^ !map-filter-reduce


def totals(orders):
#          ^^^^^^ !comprehension
    total = sum(o.amount for o in orders)
#              ^^^^^^^^^^^^^^^^^^^^^^^^^^ generator-expression
    by_id = {o.id: o for o in orders}
#           ^^^^^^^^^^^^^^^^^^^^^^^^^ comprehension
    skus = {line.sku for o in orders for line in o.lines}
#          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comprehension
    names = [o.customer for o in orders if o.paid]
#           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comprehension
#           ^^^^^^^^^^^ !generator-expression
    first, *others = names
#          ^^^^^^^ !args-kwargs
    return total, by_id, skus, others


def normalise(values):
    cleaned = map(str.strip, values)
#             ^^^ map-filter-reduce
    non_empty = filter(None, cleaned)
#               ^^^^^^ map-filter-reduce
    return reduce(lambda acc, v: acc + len(v), non_empty, 0)
#          ^^^^^^ map-filter-reduce
#                 ^^^^^^ lambda


def tag_order(order, tags=[]):
#                         ^^ mutable-default-argument
    tags.append(order.id)
    return tags


def add_headers(response, headers={}, *, extra: dict = dict()):
#                                 ^^ mutable-default-argument
#                                                      ^^^^^^ mutable-default-argument
    headers.update(extra)
    return response


def safe_defaults(response, headers=None, limit=10, names=(), label=""):
#                                                   ^^^^^^^^ !mutable-default-argument
#                           ^^^^^^^^^^^^ !mutable-default-argument
    headers = headers or {}
    return response


class QueryCache:
    def get(self, key, default=list):
#                              ^^^^ !mutable-default-argument
        # A default that is the `list` type itself (a factory) is fine.
        return default()
