# concepts: dataclass, global-nonlocal, late-binding-closure, match-statement, decimal-money, float-for-money, naive-datetime, eq-without-hash, descriptor, metaclass, task-group
import asyncio
from abc import ABCMeta
import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from functools import total_ordering

from django.db import models
from sqlalchemy import Column, Float
from sqlalchemy.orm import mapped_column
from django.utils import timezone as dj_timezone


@dataclass
# <- dataclass
class LineItem:
    sku: str
    quantity: int = 1
    tags: list[str] = field(default_factory=list)
#                     ^^^^^ dataclass


@dataclasses.dataclass(frozen=True)
# <- dataclass
class Money:
    amount: Decimal
    currency: str = "EUR"

    def __eq__(self, other):
#       ^^^^^^ !eq-without-hash
        return (self.amount, self.currency) == (other.amount, other.currency)


@total_ordering
# <- !dataclass
class Version:
    def __init__(self, major, minor):
        self.major, self.minor = major, minor

    def __eq__(self, other):
#       ^^^^^^ eq-without-hash
        return (self.major, self.minor) == (other.major, other.minor)


class Point:
    def __eq__(self, other):
#       ^^^^^^ !eq-without-hash
        return (self.x, self.y) == (other.x, other.y)

    def __hash__(self):
        return hash((self.x, self.y))


class Row(dict):
    def __eq__(self, other):
#       ^^^^^^ !eq-without-hash
        return dict(self) == dict(other)


class Headers:
    def __getitem__(self, key):
        return self._items[key.lower()]

    def __eq__(self, other):
#       ^^^^^^ !eq-without-hash
        return self._items == other._items


class Bag:
    __hash__ = None

    def __eq__(self, other):
#       ^^^^^^ !eq-without-hash
        return sorted(self.items) == sorted(other.items)


class Interval:
    def __lt__(self, other):
        return self.start < other.start

    def __eq__(self, other):
#       ^^^^^^ eq-without-hash
        return (self.start, self.end) == (other.start, other.end)


class Email:
    def __eq__(self, other):
#       ^^^^^^ eq-without-hash
        return str(self).lower() == str(other).lower()

    def normalised(self):
        return str(self).lower()


def make_counter():
    count = 0

    def increment():
        nonlocal count
#       ^^^^^^^^^^^^^^ global-nonlocal
        count += 1
        return count

    return increment


REQUESTS = 0


def track():
    global REQUESTS
#   ^^^^^^^^^^^^^^^ global-nonlocal
    REQUESTS += 1


global REQUESTS
# <- !global-nonlocal


def outer():
    total = 0
    seen = []

    def add(n):
        global REQUESTS
#       ^^^^^^^^^^^^^^^ global-nonlocal
        seen.append(n)
#       ^^^^ !global-nonlocal
        return total + n

    return add


def register_all(handlers, names, registry, transaction, order):
    callbacks = []
    for name in names:
        callbacks.append(lambda: print(name))
#                                      ^^^^ late-binding-closure
        registry[name] = lambda event: handlers[name](event)
#                                               ^^^^ late-binding-closure
        callbacks.append(lambda name=name: print(name))
#                                                ^^^^ !late-binding-closure
        ordered = sorted(handlers, key=lambda h: h.priority[name])
#                                                           ^^^^ !late-binding-closure
        transaction.on_commit(lambda: order.notify(name))
#                                                  ^^^^ late-binding-closure
    for i in range(3):
        def show():
            return i
#                  ^ late-binding-closure
        callbacks.append(show)
    for i in range(3):
        def local_only():
            return i
#                  ^ !late-binding-closure
        local_only()
    powers = [lambda x: x ** n for n in range(3)]
#                            ^ late-binding-closure
    lazy = (lambda: n for n in range(3))
#                   ^ !late-binding-closure
    return callbacks, ordered, powers, lazy


def handle(command):
    match command.split():
#   ^^^^^ match-statement
        case ["go", direction]:
            return direction
        case _:
            return None


def parse(pattern, text, re, form):
    match = re.match(pattern, text)
#   ^^^^^ !match-statement
#           ^^^^^^^^ !match-statement
    extra = form.field("notes")
#           ^^^^^^^^^^ !dataclass
    return match, extra


async def refresh(event):
    match event:
#   ^^^^^ match-statement
        case {"type": "refresh"}:
            return True
    return False


def describe(point):
    match point:
#   ^^^^^ match-statement
        case (0, 0):
            return "origin"
        case _:
            return "elsewhere"


class Product(models.Model):
    name = models.CharField(max_length=100)
    price = models.FloatField()
#           ^^^^^^^^^^^^^^^^^ float-for-money
    unit_cost = models.DecimalField(max_digits=10, decimal_places=2)
#               ^^^^^^^^^^^^^^^^^^^ decimal-money
#               ^^^^^^^^^^^^^^^^^^^ !float-for-money
    rating = models.FloatField()
#            ^^^^^^^^^^^^^^^^^ !float-for-money
#            ^^^^^^^^^^^^^^^^^ !decimal-money
    tax_rate = models.FloatField()
#              ^^^^^^^^^^^^^^^^^ !float-for-money


class Invoice:
    subtotal = Column(Float, nullable=False)
#                     ^^^^^ float-for-money
    shipping_fee = mapped_column(Float())
#                                ^^^^^^^ float-for-money
    weight_kg = Column(Float)
#                      ^^^^^ !float-for-money


class Quote:
    total_amount: float
#                 ^^^^^ float-for-money
    weight: float
#           ^^^^^ !float-for-money


def checkout(order, data, elapsed):
    total = float(order.price) * order.quantity
#           ^^^^^^^^^^^^^^^^^^ float-for-money
    fee = float(data["shipping_fee"])
#         ^^^^^^^^^^^^^^^^^^^^^^^^^^^ float-for-money
#         ^^^^^ !decimal-money
    ratio = float(elapsed.total_seconds())
#           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ !float-for-money
    share = float(data.get("total"))
#           ^^^^^^^^^^^^^^^^^^^^^^^^ !float-for-money
    exact = Decimal("19.99") * order.quantity
#           ^^^^^^^ decimal-money
    return total, fee, ratio, share, exact.quantize(Decimal("0.01"))
#                                                   ^^^^^^^ decimal-money


def stamp(record):
    record.created = datetime.now()
#                    ^^^^^^^^^^^^ naive-datetime
    record.synced = datetime.utcnow()
#                   ^^^^^^^^^^^^^^^ naive-datetime
    record.seen = dt.datetime.now()
#                 ^^^^^^^^^^^^^^^ naive-datetime
    record.updated = datetime.now(timezone.utc)
#                    ^^^^^^^^^^^^ !naive-datetime
    record.checked = datetime.now(tz=timezone.utc)
#                    ^^^^^^^^^^^^ !naive-datetime
    record.modified = dj_timezone.now()
#                     ^^^^^^^^^^^^^^^ !naive-datetime
    record.path = "export-%s.csv" % datetime.now().strftime("%Y%m%d")
#                                   ^^^^^^^^^^^^ !naive-datetime
    return datetime.today()
#          ^^^^^^^^^^^^^^ naive-datetime


class Positive:
#     ^^^^^^^^ descriptor
    def __set_name__(self, owner, name):
        self.name = "_" + name

    def __get__(self, obj, objtype=None):
        return getattr(obj, self.name)

    def __set__(self, obj, value):
        if value <= 0:
            raise ValueError(self.name)
        setattr(obj, self.name, value)


class Lazy:
#     ^^^^ descriptor
    def __get__(self, obj, objtype=None):
        return self


class Named:
#     ^^^^^ descriptor
    def __set_name__(self, owner, name):
        self.name = name


class Plain:
#     ^^^^^ !descriptor
    def get(self, key):
        return key

    def __getattr__(self, name):
#       ^^^^^^^^^^^ !descriptor
        return name


class Registry(type):
#     ^^^^^^^^ metaclass
    classes = []

    def __new__(mcs, name, bases, namespace):
        cls = super().__new__(mcs, name, bases, namespace)
        mcs.classes.append(cls)
        return cls


class Plugin(metaclass=Registry):
#            ^^^^^^^^^^^^^^^^^^ metaclass
    pass


class Strict(Registry):
#     ^^^^^^ metaclass
    pass


class Base(Plugin):
#     ^^^^ !metaclass
    pass


class Shape(metaclass=ABCMeta):
#           ^^^^^^^^^^^^^^^^^ !metaclass
    pass


async def fetch_all(urls, fetch):
    async with asyncio.TaskGroup() as tg:
#              ^^^^^^^^^^^^^^^^^ task-group
        tasks = [tg.create_task(fetch(u)) for u in urls]
    results = await asyncio.gather(*(fetch(u) for u in urls))
#                   ^^^^^^^^^^^^^^ !task-group
    return [t.result() for t in tasks], results


async def fetch_two(fetch):
    from asyncio import TaskGroup

    async with TaskGroup() as group:
#              ^^^^^^^^^ task-group
        group.create_task(fetch("a"))


class TaskGroup:
#     ^^^^^^^^^ !task-group
    pass


def local_group():
    return TaskGroup()
#          ^^^^^^^^^ !task-group


async def other_group():
    import anyio

    async with anyio.create_task_group() as tg:
#              ^^^^^^^^^^^^^^^^^^^^^^^ task-group
        tg.start_soon(print)
