# concepts: type-hints, optional-union, typing-generics, typing-protocol, typed-dict
from __future__ import annotations
#                      ^^^^^^^^^^^ type-hints

import typing
from typing import TYPE_CHECKING, Generic, Optional, Protocol, TypedDict, TypeVar, Union, cast

if TYPE_CHECKING:
#  ^^^^^^^^^^^^^ type-hints
    from decimal import Decimal

DEBUG = False
if DEBUG:
#  ^^^^^ !type-hints
    pass

T = TypeVar("T")
#   ^^^^^^^ typing-generics
K = typing.TypeVar("K", bound=str)
#   ^^^^^^^^^^^^^^ typing-generics
#   ^^^^^^ !typed-dict
Names = list[str]
#       ^^^^^^^^^ !typing-generics


class Repository(Generic[T]):
#     ^^^^^^^^^^ typing-generics
    def get(self, key: str) -> Optional[T]:
#                              ^^^^^^^^^^^ optional-union
        return None

    def find(self, key: str, default: T | None = None) -> T | None:
#                                     ^^^^^^^^ optional-union
#                                                         ^^^^^^^^ optional-union
        return default


def first[T](items: list[T]) -> T:
#        ^^^ typing-generics
    return items[0]


type Pair = tuple[int, int]
# <- typing-generics


class SupportsClose(Protocol):
#     ^^^^^^^^^^^^^ typing-protocol
    def close(self) -> None: ...


class Closer(SupportsClose):
#     ^^^^^^ !typing-protocol
#     ^^^^^^ !typing-generics
    def close(self) -> None:
        pass


class Comparable(Protocol[T]):
#     ^^^^^^^^^^ typing-protocol
    def __lt__(self, other: T) -> bool: ...


class Reader(typing.Protocol):
#     ^^^^^^ typing-protocol
    def read(self) -> bytes: ...


class Movie(TypedDict):
#     ^^^^^ typed-dict
    title: str
    year: int | str
#         ^^^^^^^^^ optional-union


class Sequel(Movie, total=False):
#     ^^^^^^ typed-dict
    previous: str


Point = TypedDict("Point", {"x": int, "y": int})
#       ^^^^^^^^^ typed-dict


class Config(dict):
#     ^^^^^^ !typed-dict
#     ^^^^^^ !typing-protocol
    pass


def parse(raw: Union[str, bytes], flags: int) -> dict[str, int | None]:
#              ^^^^^^^^^^^^^^^^^ optional-union
#                                                          ^^^^^^^^^^ optional-union
    mask = flags | 4
#          ^^^^^^^^^ !optional-union
    value = cast(int, raw)
#           ^^^^ type-hints
    return {"mask": mask, "value": value}


def plain(x: int, names: set[str]) -> set[str]:
    return names | {str(x)}
#          ^^^^^^^^^^^^^^^^ !optional-union


def local_optional(Optional):
    return Optional[int]
#          ^^^^^^^^^^^^^ !optional-union


def local_cast(cast):
    return cast(int, "1")
#          ^^^^ !type-hints
