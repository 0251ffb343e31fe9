; Values and types: identity vs equality, copies, mutability, collections, sorting, memory,
; searching, shuffling and pickling.

(comparison_operator operators: ["is" "is not"] @identity-comparison)

; `x is 1`, `name is "admin"`: identity of such values is an implementation detail.
(comparison_operator
  ["is" "is not"]
  [(string) (concatenated_string) (integer) (float) (tuple) (list) (dictionary)
   (unary_operator argument: [(integer) (float)])]) @is-literal-comparison
(comparison_operator
  [(string) (concatenated_string) (integer) (float) (tuple) (list) (dictionary)
   (unary_operator argument: [(integer) (float)])]
  ["is" "is not"]) @is-literal-comparison

((call function: [(identifier) (attribute)] @copy-semantics)
  (#resolves-to? @copy-semantics "copy.copy" "copy.deepcopy"))
((subscript subscript: (slice) @_slice) @_subscript
  (#eq? @_slice ":")
  (#set! check "full-slice"))
((call
   function: (attribute attribute: (identifier) @_method) @copy-semantics
   arguments: (argument_list) @_args)
  (#eq? @_method "copy")
  (#eq? @_args "()"))

((call function: (identifier) @mutable-immutable)
  (#eq? @mutable-immutable "frozenset")
  (#resolves-to? @mutable-immutable "builtins.frozenset"))
(dictionary (pair key: (tuple) @mutable-immutable))
(subscript subscript: (tuple) @mutable-immutable)

((call function: [(identifier) (attribute)] @collections-module)
  (#resolves-to? @collections-module
    "collections.deque" "collections.defaultdict" "collections.Counter"
    "collections.OrderedDict" "collections.namedtuple"))
((class_definition superclasses: (argument_list [(identifier) (attribute)] @collections-module))
  (#resolves-to? @collections-module "collections.Counter" "collections.OrderedDict" "collections.defaultdict"))

((call function: (attribute attribute: (identifier) @sort-vs-sorted))
  (#eq? @sort-vs-sorted "sort"))
((call function: (identifier) @sort-vs-sorted)
  (#eq? @sort-vs-sorted "sorted")
  (#resolves-to? @sort-vs-sorted "builtins.sorted"))

((call function: [(identifier) (attribute)] @memory-management)
  (#resolves-to? @memory-management "gc.*" "weakref.*" "tracemalloc.*" "sys.getrefcount"))

((call function: [(identifier) (attribute)] @binary-search)
  (#resolves-to? @binary-search "bisect.*"))
((function_definition name: (identifier) @binary-search)
  (#match? @binary-search "binary_search"))

((call function: [(identifier) (attribute)] @shuffle)
  (#resolves-to? @shuffle "random.shuffle" "random.sample"))

((call function: [(identifier) (attribute)] @pickle)
  (#resolves-to? @pickle
    "pickle.dumps" "pickle.loads" "pickle.dump" "pickle.load"
    "cPickle.dumps" "cPickle.loads" "cPickle.dump" "cPickle.load"
    "dill.dumps" "dill.loads" "dill.dump" "dill.load"))
((call function: [(identifier) (attribute)] @pickle-untrusted)
  (#resolves-to? @pickle-untrusted
    "pickle.loads" "pickle.load" "cPickle.loads" "cPickle.load" "dill.loads" "dill.load"))
