# concepts: abstract-base-class, binary-search, comprehension, custom-exception, debugger, decorator-definition, dunder-methods, encapsulation, environment-config, generator-expression, generator-function, is-literal-comparison, lambda, logging, map-filter-reduce, memory-management, pickle, pickle-untrusted, profiling, property, shuffle, slots, sort-vs-sorted, staticmethod-classmethod, unit-testing
import bisect
import cProfile
import dill
import ipdb
import logging
import os
import pickle
import random
import sys
import tracemalloc
from abc import ABC

log = logging.getLogger("billing")
#     ^^^^^^^^^^^^^^^^^ logging


class Exporter(ABC):
#     ^^^^^^^^ abstract-base-class
    pass


class Importer:
#     ^^^^^^^^ !abstract-base-class
    # Not abstract: no ABC base and no @abstractmethod.
    def load(self):
        raise NotImplementedError


class ValidationFailed(ValueError):
#     ^^^^^^^^^^^^^^^^ custom-exception
    pass


class ErrorCode:
#     ^^^^^^^^^ !custom-exception
    NOT_FOUND = 404


class Vector:
    __slots__ = ["x", "y"]
#   ^^^^^^^^^ slots

    def __init__(self, x, y):
#       ^^^^^^^^ dunder-methods
        self.x, self.y = x, y

    def __add__(self, other):
#       ^^^^^^^ dunder-methods
        return Vector(self.x + other.x, self.y + other.y)

    def add(self, other):
#       ^^^ !dunder-methods
        return self + other


class Point3D:
    __slots__ = ("x", "y", "z")
#   ^^^^^^^^^ slots
    slots = ("not", "the", "dunder")
#   ^^^^^ !slots

    @staticmethod
#   ^^^^^^^^^^^^^ staticmethod-classmethod
    def origin():
        return Point3D()

    def staticmethod_free(self):
#       ^^^^^^^^^^^^^^^^^ !staticmethod-classmethod
        return staticmethod


class Account:
    def __init__(self, owner):
#       ^^^^^^^^ dunder-methods
        self.__owner = owner
#            ^^^^^^^ encapsulation

    def owner(self):
        return self.__owner
#                   ^^^^^^^ encapsulation

    @property
#   ^^^^^^^^^ property
    def label(self):
        return f"{self.__owner}"
#                      ^^^^^^^ encapsulation

    def plain(self):
#       ^^^^^ !property
        return self.label
#              ^^^^^^^^^^ !property


def insert_sorted(scores, value):
    bisect.insort(scores, value)
#   ^^^^^^^^^^^^^ binary-search
    return scores


def search(items, target):
#   ^^^^^^ !binary-search
    return target in items


def memo(func):
#   ^^^^ decorator-definition
    cache = {}

    def wrapper(arg):
        if arg not in cache:
            cache[arg] = func(arg)
        return cache[arg]

    return wrapper


def make_counter():
#   ^^^^^^^^^^^^ !decorator-definition
    count = 0

    def bump():
        return count + 1

    return bump()


def reports(rows, ids):
    total = sum(r.amount for r in rows)
#              ^^^^^^^^^^^^^^^^^^^^^^^^ generator-expression
    biggest = max((r.amount for r in rows), default=0)
#                 ^^^^^^^^^^^^^^^^^^^^^^^^ generator-expression
    as_list = [r.id for r in rows]
#             ^^^^^^^^^^^^^^^^^^^^ comprehension
    as_tuple = tuple(ids)
#              ^^^^^^^^^^ !comprehension
#              ^^^^^^^^^^ !generator-expression
    keys = sorted(rows, key=lambda r: r.created_at)
#          ^^^^^^ sort-vs-sorted
#                           ^^^^^^ lambda
    doubled = list(map(lambda x: x * 2, ids))
#                  ^^^ map-filter-reduce
#                      ^^^^^^ lambda
#             ^^^^^ !map-filter-reduce
    evens = [x for x in ids if x % 2 == 0]
#           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comprehension
    return total, biggest, as_list, as_tuple, keys, doubled, evens


def stream_lines(path):
#   ^^^^^^^^^^^^ generator-function
    with open(path) as fh:
        for line in fh:
            yield line.rstrip("\n")
#           ^^^^^ generator-function


def not_a_generator(items):
#   ^^^^^^^^^^^^^^^ !generator-function
    return [item for item in items]
#          ^^^^^^^^^^^^^^^^^^^^^^^^ comprehension


def checks(value, name):
    if value is 1.5:
#      ^^^^^^^^^^^^ is-literal-comparison
        return "float identity"
    if name is not "admin":
#      ^^^^^^^^^^^^^^^^^^^ is-literal-comparison
        return "string identity"
    if value is not None and name is ...:
#                            ^^^^^^^^^^^ !is-literal-comparison
        return "ok"
    return None


def debug_payment(payment):
    ipdb.set_trace()
#   ^^^^^^^^^^^^^^^^ debugger
    payment.set_trace()
#   ^^^^^^^^^^^^^^^^^ !debugger
    return payment


def profile_block():
    tracemalloc.start()
#   ^^^^^^^^^^^^^^^^^ memory-management
    snapshot = tracemalloc.take_snapshot()
#              ^^^^^^^^^^^^^^^^^^^^^^^^^ memory-management
    refs = sys.getrefcount(snapshot)
#          ^^^^^^^^^^^^^^^ memory-management
    size = sys.getsizeof(snapshot)
#          ^^^^^^^^^^^^^ !memory-management
    with cProfile.Profile() as profiler:
#        ^^^^^^^^^^^^^^^^ profiling
        profiler.print_stats()
#       ^^^^^^^^^^^^^^^^^^^^ profiling
    return refs, size


def store(obj, blob, path):
    data = dill.dumps(obj)
#          ^^^^^^^^^^ pickle
#          ^^^^^^^^^^ !pickle-untrusted
    restored = dill.loads(blob)
#              ^^^^^^^^^^ pickle
#              ^^^^^^^^^^ pickle-untrusted
    with open(path, "wb") as fh:
        pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
#       ^^^^^^^^^^^ pickle
#       ^^^^^^^^^^^ !pickle-untrusted
    return data, restored


def settings():
    home = os.environ.get("HOME")
#          ^^^^^^^^^^^^^^ environment-config
    path = os.path.join(home, "app")
#          ^^^^^^^^^^^^ !environment-config
    names = os.listdir(path)
#           ^^^^^^^^^^ !profiling
    log.warning("loaded %d files", len(names))
#   ^^^^^^^^^^^ logging
    logging.info("settings ready")
#   ^^^^^^^^^^^^ logging
    log.setLevel(logging.DEBUG)
#   ^^^^^^^^^^^^ !logging
    return os.getenv("APP_ENV", "dev")
#          ^^^^^^^^^ environment-config


def draw(deck):
    random.shuffle(deck)
#   ^^^^^^^^^^^^^^ shuffle
    pick = random.choice(deck)
#          ^^^^^^^^^^^^^ !shuffle
    winners = random.sample(deck, k=3)
#             ^^^^^^^^^^^^^ shuffle
    return pick, winners
#          ^^^^ !lambda


def order(rows):
    rows.sort(key=lambda r: r[1])
#        ^^^^ sort-vs-sorted
#                 ^^^^^^ lambda
    ranked = sorted(set(rows))
#            ^^^^^^ sort-vs-sorted
    rows.order_by("x")
    return ranked, reversed(rows)
#                  ^^^^^^^^ !sort-vs-sorted


def test_vector_addition():
#   ^^^^^^^^^^^^^^^^^^^^ unit-testing
    assert Vector(1, 2).add(Vector(3, 4)).x == 4


def helper_for_tests():
#   ^^^^^^^^^^^^^^^^ !unit-testing
    return "fixture data"
