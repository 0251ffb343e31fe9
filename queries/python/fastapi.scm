; FastAPI, Pydantic, Flask and the servers that run them; WebSockets, server-sent events,
; ASGI/WSGI and Django Channels.

; Route decorators on a FastAPI app or router: resolved when the app is built in this file, by
; name (app / router / *_router) in a file that imports fastapi otherwise.
((decorator (call function: (attribute object: (_) @_app attribute: (identifier) @_verb))) @fastapi-route
  (#any-of? @_verb "get" "post" "put" "patch" "delete" "head" "options" "api_route")
  (#resolves-match? @_app "^fastapi\\.(FastAPI|APIRouter)\\(\\)$"))
((decorator (call function: (attribute object: (identifier) @_app attribute: (identifier) @_verb))) @fastapi-route
  (#any-of? @_verb "get" "post" "put" "patch" "delete" "head" "options" "api_route")
  (#match? @_app "^(app|api|router|[a-z_]+_router)$")
  (#not-resolves-match? @_app "^(fastapi|flask)\\.")
  (#imports? "fastapi"))
((call function: [(identifier) (attribute)] @fastapi-route)
  (#resolves-to? @fastapi-route "fastapi.Path" "fastapi.Query" "fastapi.params.Path" "fastapi.params.Query"))

((call function: [(identifier) (attribute)] @fastapi-depends)
  (#resolves-to? @fastapi-depends "fastapi.Depends" "fastapi.Security" "fastapi.params.Depends"))

((class_definition
   name: (identifier) @pydantic-model
   superclasses: (argument_list [(identifier) (attribute)] @_base))
  (#derives-from? @_base "pydantic.BaseModel" "pydantic.main.BaseModel" "pydantic_settings.BaseSettings"))
((call function: [(identifier) (attribute)] @pydantic-model)
  (#resolves-to? @pydantic-model "pydantic.Field"))
((decorator [(identifier) (attribute) (call function: [(identifier) (attribute)] @_name)] @_d) @pydantic-model
  (#resolves-to? @_name "pydantic.field_validator" "pydantic.model_validator" "pydantic.validator"
    "pydantic.root_validator" "pydantic.computed_field"))
((decorator [(identifier) (attribute)] @_name) @pydantic-model
  (#resolves-to? @_name "pydantic.field_validator" "pydantic.model_validator" "pydantic.validator"
    "pydantic.computed_field"))

((decorator (call function: (attribute object: (_) @_app attribute: (identifier) @_mw))) @fastapi-middleware
  (#eq? @_mw "middleware")
  (#imports? "fastapi" "starlette"))
((call function: (attribute attribute: (identifier) @fastapi-middleware))
  (#eq? @fastapi-middleware "add_middleware")
  (#imports? "fastapi" "starlette"))
((class_definition
   name: (identifier) @fastapi-middleware
   superclasses: (argument_list [(identifier) (attribute)] @_base))
  (#derives-from? @_base "starlette.middleware.base.BaseHTTPMiddleware" "fastapi.middleware.base.BaseHTTPMiddleware"))

((call
   function: [(identifier) (attribute)] @_fn
   arguments: (argument_list (keyword_argument name: (identifier) @_kw) @fastapi-lifespan))
  (#eq? @_kw "lifespan")
  (#resolves-to? @_fn "fastapi.FastAPI" "starlette.applications.Starlette"))
((decorator (call function: (attribute attribute: (identifier) @_on) arguments: (argument_list . (string)))) @fastapi-lifespan
  (#eq? @_on "on_event")
  (#imports? "fastapi" "starlette"))

((decorator (call function: (attribute attribute: (identifier) @_eh))) @exception-handlers
  (#eq? @_eh "exception_handler")
  (#imports? "fastapi" "starlette"))
((call function: (attribute attribute: (identifier) @exception-handlers))
  (#eq? @exception-handlers "add_exception_handler")
  (#imports? "fastapi" "starlette"))
((raise_statement (call function: [(identifier) (attribute)] @exception-handlers))
  (#resolves-to? @exception-handlers "fastapi.HTTPException" "starlette.exceptions.HTTPException"))
((expression_statement (assignment left: (identifier) @exception-handlers))
  (#any-of? @exception-handlers "handler400" "handler403" "handler404" "handler500")
  (#module-level? @exception-handlers))

((call function: (attribute) @uvicorn-gunicorn)
  (#resolves-to? @uvicorn-gunicorn "uvicorn.run"))
((string (string_content) @uvicorn-gunicorn)
  (#match? @uvicorn-gunicorn "UvicornWorker$"))
((module) @_module
  (#set! check "gunicorn-config"))

((call function: [(identifier) (attribute)] @flask-app)
  (#resolves-to? @flask-app "flask.Flask" "flask.Blueprint"))
((decorator (call function: (attribute object: (_) @_app attribute: (identifier) @_route))) @flask-app
  (#eq? @_route "route")
  (#imports? "flask"))

((decorator (call function: (attribute attribute: (identifier) @_ws))) @websockets
  (#eq? @_ws "websocket")
  (#imports? "fastapi" "starlette"))
((import_statement name: (dotted_name) @websockets)
  (#match? @websockets "^websockets(\\.|$)"))
((call function: (attribute) @websockets)
  (#resolves-to? @websockets "websockets.serve" "websockets.connect" "websockets.asyncio.server.serve"
    "websockets.asyncio.client.connect"))

((call
   function: [(identifier) (attribute)] @_fn
   arguments: (argument_list
     (keyword_argument name: (identifier) @_kw value: (string (string_content) @_type)))) @server-sent-events
  (#any-of? @_kw "media_type" "content_type")
  (#eq? @_type "text/event-stream")
  (#resolves-to? @_fn "fastapi.responses.StreamingResponse" "starlette.responses.StreamingResponse"
    "django.http.StreamingHttpResponse"))
((call function: [(identifier) (attribute)] @server-sent-events)
  (#resolves-to? @server-sent-events "sse_starlette.sse.EventSourceResponse" "sse_starlette.EventSourceResponse"))

((call function: [(identifier) (attribute)] @asgi-wsgi)
  (#resolves-to? @asgi-wsgi "django.core.asgi.get_asgi_application" "django.core.wsgi.get_wsgi_application"
    "channels.routing.ProtocolTypeRouter"))

((class_definition
   name: (identifier) @django-channels
   superclasses: (argument_list [(identifier) (attribute)] @_base))
  (#derives-from? @_base "channels.generic.websocket.*"))
((call function: (attribute attribute: (identifier) @django-channels))
  (#any-of? @django-channels "group_add" "group_send" "group_discard")
  (#imports? "channels"))
