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

; Django ORM method names count in a module that uses Django, or on a manager or queryset.
((call function: (attribute attribute: (identifier) @select-prefetch-related))
  (#any-of? @select-prefetch-related "select_related" "prefetch_related")
  (#imports? "django"))
((call function: (attribute object: (_) @_recv attribute: (identifier) @select-prefetch-related))
  (#any-of? @select-prefetch-related "select_related" "prefetch_related")
  (#set! check "queryset-receiver"))
((call function: [(identifier) (attribute)] @select-prefetch-related)
  (#resolves-to? @select-prefetch-related "django.db.models.Prefetch"))

; Loops and comprehensions: the Rust check finds the queries their bodies run once per item
; (relation reads, related-manager calls, Model.objects queries, inner loops over queries).
((for_statement) @_loop
  (#set! check "n-plus-one"))
((while_statement) @_loop
  (#set! check "n-plus-one"))
([(list_comprehension) (set_comprehension) (generator_expression) (dictionary_comprehension)] @_loop
  (#set! check "n-plus-one"))
; A DRF serializer: its method fields and nested serializers run once per serialized object.
((class_definition superclasses: (argument_list)) @_loop
  (#set! check "n-plus-one"))
