; Django REST framework and HTTP API design: serializers, views and routers, permissions,
; authentication classes, pagination, throttling, status codes, methods, docs and versioning.

((class_definition
   name: (identifier) @drf-serializer
   superclasses: (argument_list [(identifier) (attribute)] @_base))
  (#derives-from? @_base "rest_framework.serializers.*"))

((class_definition
   name: (identifier) @drf-viewset
   superclasses: (argument_list [(identifier) (attribute)] @_base))
  (#derives-from? @_base "rest_framework.viewsets.*" "rest_framework.views.APIView" "rest_framework.generics.*"))
((call function: [(identifier) (attribute)] @drf-viewset)
  (#resolves-to? @drf-viewset "rest_framework.routers.DefaultRouter" "rest_framework.routers.SimpleRouter"))
((decorator [(identifier) (attribute) (call function: [(identifier) (attribute)] @_name)] @_d) @drf-viewset
  (#resolves-to? @_name "rest_framework.decorators.api_view"))

; permission_classes / authentication_classes / throttle_classes / pagination_class /
; versioning_class: as class attributes, decorators, or keyword arguments.
((class_definition body: (block (expression_statement (assignment left: (identifier) @drf-permissions))))
  (#eq? @drf-permissions "permission_classes"))
((keyword_argument name: (identifier) @drf-permissions)
  (#eq? @drf-permissions "permission_classes"))
((decorator (call function: [(identifier) (attribute)] @_name)) @drf-permissions
  (#resolves-to? @_name "rest_framework.decorators.permission_classes"))
((identifier) @drf-permissions
  (#any-of? @drf-permissions "IsAuthenticated" "IsAdminUser" "AllowAny" "IsAuthenticatedOrReadOnly")
  (#resolves-to? @drf-permissions "rest_framework.permissions.*")
  (#reference? @drf-permissions))
((attribute attribute: (identifier) @_name) @drf-permissions
  (#any-of? @_name "IsAuthenticated" "IsAdminUser" "AllowAny" "IsAuthenticatedOrReadOnly")
  (#resolves-to? @drf-permissions "rest_framework.permissions.*"))
((class_definition
   name: (identifier) @drf-permissions
   superclasses: (argument_list [(identifier) (attribute)] @_base))
  (#derives-from? @_base "rest_framework.permissions.BasePermission"))

((class_definition body: (block (expression_statement (assignment left: (identifier) @token-auth))))
  (#eq? @token-auth "authentication_classes"))
((decorator (call function: [(identifier) (attribute)] @_name)) @token-auth
  (#resolves-to? @_name "rest_framework.decorators.authentication_classes"))
((pair key: (string (string_content) @token-auth))
  (#eq? @token-auth "DEFAULT_AUTHENTICATION_CLASSES"))
((identifier) @token-auth
  (#any-of? @token-auth "TokenAuthentication" "SessionAuthentication" "obtain_auth_token")
  (#resolves-to? @token-auth "rest_framework.authentication.*" "rest_framework.authtoken.views.*")
  (#reference? @token-auth))
((attribute attribute: (identifier) @_name) @token-auth
  (#any-of? @_name "TokenAuthentication" "SessionAuthentication" "obtain_auth_token")
  (#resolves-to? @token-auth "rest_framework.authentication.*" "rest_framework.authtoken.views.*"))
((string (string_content) @token-auth)
  (#match? @token-auth "^rest_framework\\.authentication\\.(Token|Session)Authentication$"))

((class_definition
   name: (identifier) @pagination
   superclasses: (argument_list [(identifier) (attribute)] @_base))
  (#derives-from? @_base "rest_framework.pagination.*"))
((identifier) @pagination
  (#any-of? @pagination "PageNumberPagination" "LimitOffsetPagination" "CursorPagination" "Paginator")
  (#resolves-to? @pagination "rest_framework.pagination.*" "django.core.paginator.Paginator")
  (#reference? @pagination))
((class_definition body: (block (expression_statement (assignment left: (identifier) @pagination))))
  (#eq? @pagination "pagination_class"))
((call function: (attribute attribute: (identifier) @pagination))
  (#eq? @pagination "paginate_queryset")
  (#imports? "rest_framework" "django"))
((subscript value: (_) @_recv subscript: (slice) @_slice) @pagination
  (#match? @_slice "[A-Za-z_]")
  (#set! check "queryset-receiver"))

((class_definition body: (block (expression_statement (assignment left: (identifier) @rate-limiting))))
  (#eq? @rate-limiting "throttle_classes"))
((decorator (call function: [(identifier) (attribute)] @_name)) @rate-limiting
  (#resolves-to? @_name "rest_framework.decorators.throttle_classes" "django_ratelimit.decorators.ratelimit"
    "ratelimit.decorators.ratelimit"))
((identifier) @rate-limiting
  (#any-of? @rate-limiting "UserRateThrottle" "AnonRateThrottle" "ScopedRateThrottle" "Limiter")
  (#resolves-to? @rate-limiting "rest_framework.throttling.*" "slowapi.Limiter")
  (#reference? @rate-limiting))
((pair key: (string (string_content) @rate-limiting))
  (#any-of? @rate-limiting "DEFAULT_THROTTLE_CLASSES" "DEFAULT_THROTTLE_RATES"))

((attribute attribute: (identifier) @_name) @http-status-codes
  (#match? @_name "^HTTP_[0-9]{3}_")
  (#resolves-to? @http-status-codes "rest_framework.status.*" "fastapi.status.*" "starlette.status.*" "http.HTTPStatus.*"))
((call
   function: [(identifier) (attribute)] @_fn
   arguments: (argument_list (keyword_argument name: (identifier) @_kw) @http-status-codes))
  (#any-of? @_kw "status" "status_code")
  (#resolves-to? @_fn "rest_framework.response.Response" "django.http.*" "fastapi.HTTPException"
    "fastapi.responses.*" "starlette.exceptions.HTTPException" "starlette.responses.*"))

((call function: [(identifier) (attribute)] @http-methods)
  (#resolves-to? @http-methods "django.views.decorators.http.*"))
((decorator [(identifier) (attribute)] @_name) @http-methods
  (#resolves-to? @_name "django.views.decorators.http.*"))
((decorator (call function: [(identifier) (attribute)] @_name)) @http-methods
  (#resolves-to? @_name "django.views.decorators.http.*"))
((comparison_operator
   (attribute object: (identifier) @_request attribute: (identifier) @_method) @http-methods)
  (#eq? @_request "request")
  (#eq? @_method "method"))
((decorator (call
   function: [(identifier) (attribute)] @_name
   arguments: (argument_list . (list)))) @http-methods
  (#resolves-to? @_name "rest_framework.decorators.api_view"))
((decorator (call function: (attribute attribute: (identifier) @_verb))) @http-methods
  (#any-of? @_verb "put" "patch")
  (#imports? "fastapi" "flask"))

((import_from_statement module_name: (dotted_name) @api-docs)
  (#match? @api-docs "^(drf_yasg|drf_spectacular)(\\.|$)"))
((import_statement name: (dotted_name) @api-docs)
  (#match? @api-docs "^(drf_yasg|drf_spectacular)(\\.|$)"))
((string (string_content) @api-docs)
  (#any-of? @api-docs "drf_yasg" "drf_spectacular"))
((call function: [(identifier) (attribute)] @api-docs)
  (#resolves-to? @api-docs "rest_framework.schemas.get_schema_view" "drf_yasg.views.get_schema_view"
    "drf_spectacular.views.*"))
((call
   function: [(identifier) (attribute)] @_fn
   arguments: (argument_list (keyword_argument name: (identifier) @_kw) @api-docs))
  (#any-of? @_kw "openapi_url" "docs_url" "redoc_url" "openapi_tags")
  (#resolves-to? @_fn "fastapi.FastAPI"))

((call
   function: [(identifier) (attribute)] @_fn
   arguments: (argument_list . (string (string_content) @api-versioning)))
  (#match? @api-versioning "(^|/)v[0-9]+(/|$)")
  (#resolves-to? @_fn "django.urls.path" "django.urls.re_path" "django.urls.include"))
((call
   function: (attribute attribute: (identifier) @_register)
   arguments: (argument_list . (string (string_content) @api-versioning)))
  (#eq? @_register "register")
  (#match? @api-versioning "(^|/)v[0-9]+(/|$)"))
((keyword_argument name: (identifier) @_kw value: (string (string_content) @api-versioning))
  (#eq? @_kw "prefix")
  (#match? @api-versioning "(^|/)v[0-9]+(/|$)"))
((class_definition body: (block (expression_statement (assignment left: (identifier) @api-versioning))))
  (#eq? @api-versioning "versioning_class"))
((pair key: (string (string_content) @api-versioning))
  (#eq? @api-versioning "DEFAULT_VERSIONING_CLASS"))
