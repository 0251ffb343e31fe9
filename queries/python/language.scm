; The Python language beyond the basics: dataclasses, scope and closures, pattern matching,
; money and time values.

((decorator [(identifier) (attribute)] @_name) @dataclass
  (#resolves-to? @_name "dataclasses.dataclass" "pydantic.dataclasses.dataclass"))
((decorator (call function: [(identifier) (attribute)] @_name)) @dataclass
  (#resolves-to? @_name "dataclasses.dataclass" "pydantic.dataclasses.dataclass"))
((call function: [(identifier) (attribute)] @dataclass)
  (#resolves-to? @dataclass "dataclasses.field" "dataclasses.asdict" "dataclasses.astuple"
    "dataclasses.replace" "dataclasses.make_dataclass"))

(nonlocal_statement) @global-nonlocal
; `global` at module level is legal and does nothing: only a def's is worth a question.
((global_statement) @global-nonlocal
  (#in-function? @global-nonlocal))

; A closure made in a loop and kept for later reads the loop variable when it runs, not when it
; was made: the check decides whether it is kept and what it reads.
((lambda) @_closure
  (#set! check "late-binding-closure"))
((function_definition) @_closure
  (#set! check "late-binding-closure"))

(match_statement "match" @match-statement)

((call function: [(identifier) (attribute)] @decimal-money)
  (#resolves-to? @decimal-money "decimal.Decimal" "django.db.models.DecimalField"
    "django.db.models.fields.DecimalField" "django.forms.DecimalField" "django.forms.fields.DecimalField"
    "rest_framework.serializers.DecimalField" "rest_framework.fields.DecimalField" "sqlalchemy.Numeric"
    "sqlalchemy.types.Numeric"))

; Money in a float: a float field or annotation under a money name, or float() on a money-named
; value. The check reads the name.
((assignment
   left: (identifier) @_name
   right: (call function: [(identifier) (attribute)] @float-for-money))
  (#resolves-to? @float-for-money "django.db.models.FloatField" "django.db.models.fields.FloatField"
    "django.forms.FloatField" "django.forms.fields.FloatField" "rest_framework.serializers.FloatField"
    "rest_framework.fields.FloatField")
  (#set! check "money-name"))
((assignment
   left: (identifier) @_name
   right: (call
     function: [(identifier) (attribute)] @_column
     arguments: (argument_list . [(identifier) (attribute) (call)] @float-for-money)))
  (#resolves-to? @_column "sqlalchemy.Column" "sqlalchemy.orm.mapped_column" "sqlalchemy.schema.Column")
  (#resolves-to? @float-for-money "sqlalchemy.Float" "sqlalchemy.types.Float" "sqlalchemy.Float()"
    "sqlalchemy.types.Float()")
  (#set! check "money-name"))
((class_definition
   body: (block (expression_statement (assignment left: (identifier) @_name type: (type (identifier) @float-for-money)))))
  (#eq? @float-for-money "float")
  (#resolves-to? @float-for-money "builtins.float")
  (#set! check "money-name"))
((call
   function: (identifier) @_float
   arguments: (argument_list . [(identifier) (attribute) (subscript) (call)] @_name .)) @float-for-money
  (#eq? @_float "float")
  (#resolves-to? @_float "builtins.float")
  (#set! check "money-name"))

; A naive "now" that is kept: stored, returned, compared. Read at once for one part
; (`datetime.now().year`, `.strftime(...)` for a file name) it is local time on purpose. Tests
; build naive datetimes on purpose too.
((call function: [(identifier) (attribute)] @naive-datetime arguments: (argument_list) @_args) @_call
  (#resolves-to? @naive-datetime "datetime.datetime.now" "datetime.datetime.today")
  (#eq? @_args "()")
  (#not-in-test? @naive-datetime)
  (#set! check "kept-value"))
((call function: [(identifier) (attribute)] @naive-datetime) @_call
  (#resolves-to? @naive-datetime "datetime.datetime.utcnow" "datetime.datetime.utcfromtimestamp")
  (#not-in-test? @naive-datetime)
  (#set! check "kept-value"))
