; Static typing as code shows it: what hints are at run time, Optional/Union, generics,
; protocols and TypedDicts. Plain annotations (`x: int`) are everywhere and teach nothing on
; their own, so they are not reported.

; Where typing meets run time: `if TYPE_CHECKING:`, cast(), get_type_hints(), postponed
; evaluation of annotations.
((if_statement condition: [(identifier) (attribute)] @type-hints)
  (#resolves-to? @type-hints "typing.TYPE_CHECKING" "typing_extensions.TYPE_CHECKING"))
((call function: [(identifier) (attribute)] @type-hints)
  (#resolves-to? @type-hints "typing.cast" "typing_extensions.cast" "typing.get_type_hints"
    "typing_extensions.get_type_hints" "typing.assert_type" "typing_extensions.assert_type"
    "typing.reveal_type" "typing_extensions.reveal_type"))
((future_import_statement name: (dotted_name) @type-hints)
  (#eq? @type-hints "annotations"))

; Optional[X] / Union[X, Y]: in an annotation tree-sitter reads them as a generic type, elsewhere
; (cast(), aliases, `typing.Optional[...]`) as a subscript.
((generic_type . (identifier) @_name) @optional-union
  (#resolves-to? @_name "typing.Optional" "typing.Union" "typing_extensions.Optional" "typing_extensions.Union"))
((subscript value: [(identifier) (attribute)] @_name) @optional-union
  (#resolves-to? @_name "typing.Optional" "typing.Union" "typing_extensions.Optional" "typing_extensions.Union"))
; `X | None` written in an annotation (a `|` in an expression is a bitwise or a set union).
(type (binary_operator operator: "|") @optional-union)

((call function: [(identifier) (attribute)] @typing-generics)
  (#resolves-to? @typing-generics "typing.TypeVar" "typing.ParamSpec" "typing.TypeVarTuple"
    "typing_extensions.TypeVar" "typing_extensions.ParamSpec" "typing_extensions.TypeVarTuple"))
((class_definition
   name: (identifier) @typing-generics
   superclasses: (argument_list (subscript value: [(identifier) (attribute)] @_generic)))
  (#resolves-to? @_generic "typing.Generic" "typing_extensions.Generic"))
; Python 3.12 type parameters and aliases.
(function_definition type_parameters: (type_parameter) @typing-generics)
(class_definition type_parameters: (type_parameter) @typing-generics)
(type_alias_statement "type" @typing-generics)

((class_definition
   name: (identifier) @typing-protocol
   superclasses: (argument_list [(identifier) (attribute)] @_base))
  (#resolves-to? @_base "typing.Protocol" "typing_extensions.Protocol"))
((class_definition
   name: (identifier) @typing-protocol
   superclasses: (argument_list (subscript value: [(identifier) (attribute)] @_base)))
  (#resolves-to? @_base "typing.Protocol" "typing_extensions.Protocol"))

((class_definition
   name: (identifier) @typed-dict
   superclasses: (argument_list [(identifier) (attribute)] @_base))
  (#derives-from? @_base "typing.TypedDict" "typing_extensions.TypedDict"))
((call function: [(identifier) (attribute)] @typed-dict)
  (#resolves-to? @typed-dict "typing.TypedDict" "typing_extensions.TypedDict"))
