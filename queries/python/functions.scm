; Functions and functional programming: decorators, *args/**kwargs, generators, comprehensions,
; lambdas, map/filter/reduce and mutable default arguments.

; A decorator that no more specific concept (property, lru_cache, a route...) claims.
((decorator) @_decorator
  (#set! check "decorator"))

; A def that defines and returns an inner def, or wraps one with functools.wraps.
((function_definition
   body: (block [(function_definition) (decorated_definition)])) @_outer
  (#set! check "decorator-definition"))

; *args / **kwargs in a signature, and unpacking at a call site.
(parameters [(list_splat_pattern) (dictionary_splat_pattern)] @args-kwargs)
(parameters (typed_parameter [(list_splat_pattern) (dictionary_splat_pattern)] @args-kwargs))
(lambda_parameters [(list_splat_pattern) (dictionary_splat_pattern)] @args-kwargs)
(argument_list [(list_splat) (dictionary_splat)] @args-kwargs)

; `yield` in a def's own body (the check skips nested defs, lambdas and classes).
((yield) @_yield
  (#set! check "generator"))

(generator_expression) @generator-expression

[(list_comprehension) (dictionary_comprehension) (set_comprehension)] @comprehension

(lambda "lambda" @lambda)

((call function: (identifier) @map-filter-reduce)
  (#any-of? @map-filter-reduce "map" "filter")
  (#resolves-to? @map-filter-reduce "builtins.map" "builtins.filter"))
((call function: [(identifier) (attribute)] @map-filter-reduce)
  (#resolves-to? @map-filter-reduce "functools.reduce"))

; Mutable defaults: literals, and calls to the builtin constructors.
(default_parameter value: [(list) (dictionary) (set)] @mutable-default-argument)
(typed_default_parameter value: [(list) (dictionary) (set)] @mutable-default-argument)
((default_parameter value: (call function: (identifier) @_ctor) @mutable-default-argument)
  (#any-of? @_ctor "list" "dict" "set")
  (#resolves-to? @_ctor "builtins.list" "builtins.dict" "builtins.set"))
((typed_default_parameter value: (call function: (identifier) @_ctor) @mutable-default-argument)
  (#any-of? @_ctor "list" "dict" "set")
  (#resolves-to? @_ctor "builtins.list" "builtins.dict" "builtins.set"))
