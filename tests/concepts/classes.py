# concepts: dunder-methods, staticmethod-classmethod, property, inheritance, abstract-base-class, encapsulation, slots, context-manager
import abc
from abc import ABC, abstractmethod
from functools import cached_property


class PaymentGateway(ABC):
#     ^^^^^^^^^^^^^^ abstract-base-class
    @abstractmethod
#   ^^^^^^^^^^^^^^^ abstract-base-class
    def charge(self, amount):
#       ^^^^^^ !abstract-base-class
        ...


class LegacyGateway(metaclass=abc.ABCMeta):
#     ^^^^^^^^^^^^^ abstract-base-class
#     ^^^^^^^^^^^^^ !inheritance
    pass


class StripeGateway(PaymentGateway):
#     ^^^^^^^^^^^^^ inheritance
    def __init__(self, api_client):
#       ^^^^^^^^ dunder-methods
        super().__init__()
#       ^^^^^ inheritance
        self.__client = api_client
#            ^^^^^^^^ encapsulation
        self._retries = 3
#            ^^^^^^^^ !encapsulation
        self.__dict__.update({})
#            ^^^^^^^^ !encapsulation

    def charge(self, amount):
        return self.__client.charge(amount)
#                   ^^^^^^^^ encapsulation

    def __repr__(self):
#       ^^^^^^^^ dunder-methods
        return f"StripeGateway({self._retries})"


class Money:
#     ^^^^^ !slots
    __slots__ = ("amount", "currency")
#   ^^^^^^^^^ slots

    def __init__(self, amount, currency):
#       ^^^^^^^^ dunder-methods
        self.amount = amount
        self.currency = currency

    def __eq__(self, other):
#       ^^^^^^ dunder-methods
        return (self.amount, self.currency) == (other.amount, other.currency)

    def __hash__(self):
#       ^^^^^^^^ dunder-methods
        return hash((self.amount, self.currency))

    @classmethod
#   ^^^^^^^^^^^^ staticmethod-classmethod
    def zero(cls, currency="EUR"):
#       ^^^^ !staticmethod-classmethod
        return cls(0, currency)

    @staticmethod
#   ^^^^^^^^^^^^^ staticmethod-classmethod
    def parse(text):
        amount, currency = text.split()
        return Money(float(amount), currency)


class Invoice(object):
#     ^^^^^^^ !inheritance
    def __init__(self, lines):
#       ^^^^^^^^ dunder-methods
        self._lines = lines

    @property
#   ^^^^^^^^^ property
    def total(self):
        return sum(line.amount for line in self._lines)

    @total.setter
#   ^^^^^^^^^^^^^ property
    def total(self, value):
        raise AttributeError("total is derived")

    @cached_property
#   ^^^^^^^^^^^^^^^^ property
    def customer_name(self):
#       ^^^^^^^^^^^^^ !property
        return self._lines[0].customer

    def _private_helper(self):
#       ^^^^^^^^^^^^^^^ !dunder-methods
        return self.__class__.__name__


class Timer:
#     ^^^^^ context-manager
    def __enter__(self):
#       ^^^^^^^^^ dunder-methods
        return self

    def __exit__(self, exc_type, exc, tb):
#       ^^^^^^^^ dunder-methods
        return False


class AsyncSession:
#     ^^^^^^^^^^^^ context-manager
    async def __aenter__(self):
#             ^^^^^^^^^^ dunder-methods
        return self

    async def __aexit__(self, *exc):
#             ^^^^^^^^^ dunder-methods
        return None


class HalfManager:
#     ^^^^^^^^^^^ !context-manager
    def __enter__(self):
#       ^^^^^^^^^ dunder-methods
        return self


class Mixed(Timer, Invoice):
#     ^^^^^ inheritance
    pass
