; Classes: dunder methods, static and class methods, properties, inheritance, ABCs,
; encapsulation, __slots__ and context-manager classes.

((class_definition
   body: (block [(function_definition name: (identifier) @dunder-methods)
                 (decorated_definition definition: (function_definition name: (identifier) @dunder-methods))]))
  (#match? @dunder-methods "^__[a-z0-9_]+__$"))

((decorator [(identifier) (attribute)] @_name) @staticmethod-classmethod
  (#resolves-to? @_name "builtins.staticmethod" "builtins.classmethod"))

((decorator [(identifier) (attribute)] @_name) @property
  (#resolves-to? @_name "builtins.property" "functools.cached_property" "django.utils.functional.cached_property"))
((decorator (attribute attribute: (identifier) @_accessor)) @property
  (#any-of? @_accessor "setter" "deleter" "getter"))

; Plain inheritance: reported only where no framework concept (a model, a serializer, a test
; case...) claims the class.
((class_definition
   name: (identifier) @_class_name
   superclasses: (argument_list [(identifier) (attribute) (subscript)] @_base))
  (#not-eq? @_base "object")
  (#set! check "inheritance"))
((call function: (identifier) @inheritance)
  (#eq? @inheritance "super")
  (#resolves-to? @inheritance "builtins.super"))

((class_definition
   name: (identifier) @abstract-base-class
   superclasses: (argument_list [(identifier) (attribute)] @_base))
  (#resolves-to? @_base "abc.ABC"))
((class_definition
   name: (identifier) @abstract-base-class
   superclasses: (argument_list (keyword_argument name: (identifier) @_kw value: (_) @_meta)))
  (#eq? @_kw "metaclass")
  (#resolves-to? @_meta "abc.ABCMeta"))
((decorator [(identifier) (attribute)] @_name) @abstract-base-class
  (#resolves-to? @_name "abc.abstractmethod"))

; self.__balance: name-mangled, not a dunder.
((attribute
   object: (identifier) @_self
   attribute: (identifier) @encapsulation)
  (#eq? @_self "self")
  (#match? @encapsulation "^__[A-Za-z0-9_]*[A-Za-z0-9]_?$"))

((class_definition
   body: (block (expression_statement (assignment left: (identifier) @slots))))
  (#eq? @slots "__slots__"))

((class_definition body: (block)) @_class
  (#set! check "context-manager-class"))

; Defining __eq__ sets __hash__ to None: the instances can no longer be set members or dict keys.
((class_definition body: (block)) @_class
  (#set! check "eq-without-hash"))

; The descriptor protocol: a class whose instances, as class attributes, control attribute access.
((class_definition
   name: (identifier) @descriptor
   body: (block [(function_definition name: (identifier) @_method)
                 (decorated_definition definition: (function_definition name: (identifier) @_method))]))
  (#any-of? @_method "__get__" "__set__" "__delete__" "__set_name__"))

; Metaclasses: used with `metaclass=` (ABCMeta is the ABC concept), or defined by deriving from type.
((class_definition
   superclasses: (argument_list (keyword_argument name: (identifier) @_kw value: (_) @_meta) @metaclass))
  (#eq? @_kw "metaclass")
  (#not-resolves-to? @_meta "abc.ABCMeta"))
((class_definition
   name: (identifier) @metaclass
   superclasses: (argument_list [(identifier) (attribute)] @_base))
  (#derives-from? @_base "builtins.type" "abc.ABCMeta" "enum.EnumMeta" "enum.EnumType"))
