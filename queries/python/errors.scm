; Errors and resources: try statements, custom exceptions, swallowed exceptions, `with`.

(try_statement "try" @exception-handling)

((class_definition
   name: (identifier) @custom-exception
   superclasses: (argument_list [(identifier) @_base (attribute attribute: (identifier) @_base)]))
  (#match? @_base "(Error|Exception)$"))

; `except:` with no type.
((except_clause !value) @_except
  (#set! check "broad-except"))
; `except Exception:` / `except BaseException as e:` whose body does nothing.
((except_clause value: (identifier) @_type) @_except
  (#any-of? @_type "Exception" "BaseException")
  (#set! check "broad-except"))
((except_clause value: (as_pattern . (identifier) @_type)) @_except
  (#any-of? @_type "Exception" "BaseException")
  (#set! check "broad-except"))

(with_statement "with" @context-manager)
((decorator [(identifier) (attribute)] @_name) @context-manager
  (#resolves-to? @_name "contextlib.contextmanager" "contextlib.asynccontextmanager"))
