# concepts: mutable-default-argument, lambda, generator-function, is-literal-comparison, identity-comparison
# interview-prep: ignore-file[lambda]


def tags(order, seen=[]):  # interview-prep: ignore[mutable-default-argument]
#                    ^^ !mutable-default-argument
    key = lambda t: t.name
#         ^^^^^^ !lambda
    return sorted(seen, key=key)


def more_tags(order, seen=[]):  # interview-prep: ignore[lambda]
#                         ^^ mutable-default-argument
    return seen


def numbers(n):  # interview-prep: ignore[python]
#   ^^^^^^^ !generator-function
    yield n
#   ^^^^^ generator-function


def odd(x):
    return x is 1  # interview-prep: ignore
#          ^^^^^^ !is-literal-comparison
#            ^^ !identity-comparison
