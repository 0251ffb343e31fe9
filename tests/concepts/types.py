# concepts: identity-comparison, is-literal-comparison, copy-semantics, mutable-immutable, collections-module, sort-vs-sorted, memory-management, binary-search, shuffle, pickle, pickle-untrusted
import bisect
import copy
import gc
import pickle
import random
import weakref
from collections import Counter, defaultdict, deque, namedtuple
from copy import deepcopy


Point = namedtuple("Point", ["x", "y"])
#       ^^^^^^^^^^ collections-module
RECENT = deque(maxlen=50)
#        ^^^^^ collections-module
#              ^^^^^^ !collections-module
PERMISSIONS = frozenset({"read", "write"})
#             ^^^^^^^^^ mutable-immutable
ROUTES = {("GET", "/orders"): "list_orders", ("POST", "/orders"): "create_order"}
#         ^^^^^^^^^^^^^^^^^^ mutable-immutable
#                                            ^^^^^^^^^^^^^^^^^^^ mutable-immutable


def classify(status, retries, user):
    if status is None or user is not None:
#             ^^ identity-comparison
#                             ^^^^^^ identity-comparison
#      ^^^^^^^^^^^^^^ !is-literal-comparison
        return "unknown"
    if status is "active":
#      ^^^^^^^^^^^^^^^^^^ is-literal-comparison
#             ^^ identity-comparison
        return "on"
    if retries is not 0:
#      ^^^^^^^^^^^^^^^^ is-literal-comparison
#              ^^^^^^ identity-comparison
#      ^^^^^^^ !identity-comparison
        return "retrying"
    if status == "active" and retries != 0:
#      ^^^^^^^^^^^^^^^^^^ !is-literal-comparison
#             ^^ !identity-comparison
        return "plain equality is fine"
    if user.role is True:
#                ^^ identity-comparison
#      ^^^^^^^^^^^^^^^^^ !is-literal-comparison
        return "singleton"
    return "off"


def snapshot(cart, settings):
    shallow = copy.copy(cart)
#             ^^^^^^^^^ copy-semantics
    deep = deepcopy(settings)
#          ^^^^^^^^ copy-semantics
    items = cart.items[:]
#           ^^^^^^^^^^^^^ copy-semantics
    backup = settings.copy()
#            ^^^^^^^^^^^^^ copy-semantics
    cart.items[:] = []
#   ^^^^^^^^^^^^^ !copy-semantics
    head = cart.items[:3]
#          ^^^^^^^^^^^^^^ !copy-semantics
    return shallow, deep, items, backup, head


def word_stats(words, grid):
    counts = Counter(words)
#            ^^^^^^^ collections-module
#   ^^^^^^^^ !collections-module
    index = defaultdict(list)
#           ^^^^^^^^^^^ collections-module
    cell = grid[(0, 1)]
#               ^^^^^^ mutable-immutable
    for w in words:
        index[w[0]].append(w)
#             ^^^^ !mutable-immutable
    return counts.most_common(3), index, cell


def rank(scores):
    scores.sort(reverse=True)
#          ^^^^ sort-vs-sorted
    top = sorted(scores, key=abs)
#         ^^^^^^ sort-vs-sorted
    ordered = scores.order_by("-value")
#             ^^^^^^^^^^^^^^^ !sort-vs-sorted
    return top, ordered


def find_slot(schedule, start):
#   ^^^^^^^^^ !binary-search
    return bisect.bisect_left(schedule, start)
#          ^^^^^^^^^^^^^^^^^^ binary-search


def binary_search(items, target):
#   ^^^^^^^^^^^^^ binary-search
    lo, hi = 0, len(items) - 1
#   ^^^^^^ !mutable-immutable
    while lo <= hi:
        mid = (lo + hi) // 2
        if items[mid] == target:
            return mid
        if items[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1


def shuffle_deck(cards, rng):
    random.shuffle(cards)
#   ^^^^^^^^^^^^^^ shuffle
    sample = random.sample(cards, 5)
#            ^^^^^^^^^^^^^ shuffle
    rng.shuffle(cards)
#   ^^^^^^^^^^^ !shuffle
    return sample


def cache_stats(obj):
    gc.collect()
#   ^^^^^^^^^^ memory-management
    ref = weakref.ref(obj)
#         ^^^^^^^^^^^ memory-management
#   ^^^^^ !memory-management
    return ref


def save_session(session, path):
    with open(path, "wb") as fh:
        pickle.dump(session, fh)
#       ^^^^^^^^^^^ pickle
    return pickle.dumps(session)
#          ^^^^^^^^^^^^ pickle


def load_session(blob, path):
    data = pickle.loads(blob)
#          ^^^^^^^^^^^^ pickle
#          ^^^^^^^^^^^^ pickle-untrusted
    with open(path, "rb") as fh:
        return data, pickle.load(fh)
#                    ^^^^^^^^^^^ pickle
#                    ^^^^^^^^^^^ pickle-untrusted


def unrelated(cache, json):
    # Not the pickle module: a local object with the same method names.
    json.loads("{}")
#   ^^^^^^^^^^ !pickle-untrusted
    cache.load("x")
#   ^^^^^^^^^^ !pickle
    return cache.dumps()
