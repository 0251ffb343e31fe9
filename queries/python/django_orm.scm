; The Django ORM: models, querysets, get() vs filter(), select_related/prefetch_related and the
; N+1 loops that need them.

((class_definition
   name: (identifier) @django-model
   superclasses: (argument_list [(identifier) (attribute)] @_base))
  (#resolves-to? @_base "django.db.models.Model"))

; The manager call that starts a chain: Order.objects.filter(...).
((call
   function: (attribute
     object: (attribute object: (identifier) @_model attribute: (identifier) @_objects)) @queryset)
  (#eq? @_objects "objects")
  (#match? @_model "^[A-Z]"))

((call function: (attribute object: (_) @_recv attribute: (identifier) @get-vs-filter))
  (#any-of? @get-vs-filter "get" "filter")
  (#set! check "queryset-receiver"))

((call function: (attribute attribute: (identifier) @select-prefetch-related))
  (#any-of? @select-prefetch-related "select_related" "prefetch_related"))
((call function: [(identifier) (attribute)] @select-prefetch-related)
  (#resolves-to? @select-prefetch-related "django.db.models.Prefetch"))

; A loop over a queryset whose body follows a relation from the loop variable.
((for_statement left: (identifier) @_var right: (_) @_iter body: (block) @_body)
  (#set! check "n-plus-one"))
; In a comprehension the relation may be followed by the body, a condition or a nested `for`.
(([(list_comprehension (for_in_clause left: (identifier) @_var right: (_) @_iter))
   (set_comprehension (for_in_clause left: (identifier) @_var right: (_) @_iter))
   (generator_expression (for_in_clause left: (identifier) @_var right: (_) @_iter))
   (dictionary_comprehension (for_in_clause left: (identifier) @_var right: (_) @_iter))] @_body)
  (#set! check "n-plus-one"))
