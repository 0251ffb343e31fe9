# request: lens
"""Repository helpers 🗂️"""
import functools


@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


class Repo:
    def __init__(self, rows=[]):
        self.rows = rows

    def items(self):
        yield from self.rows


def plain():
    return 1
