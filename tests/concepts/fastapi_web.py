# concepts: fastapi-route, fastapi-depends, pydantic-model, fastapi-middleware, fastapi-lifespan, exception-handlers, uvicorn-gunicorn, flask-app, websockets, server-sent-events, asgi-wsgi, django-channels
import time
from contextlib import asynccontextmanager
from typing import Annotated

import uvicorn
from channels.generic.websocket import AsyncJsonWebsocketConsumer, WebsocketConsumer
from channels.routing import ProtocolTypeRouter, URLRouter
from django.core.asgi import get_asgi_application
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Path, Query, Request, WebSocket
from fastapi.responses import JSONResponse, StreamingResponse
from flask import Blueprint, Flask
from pydantic import BaseModel, Field, field_validator, model_validator
from starlette.middleware.base import BaseHTTPMiddleware


@asynccontextmanager
async def lifespan(app):
#         ^^^^^^^^ !fastapi-lifespan
    yield


app = FastAPI(lifespan=lifespan, title="Inventory")
#             ^^^^^^^^^^^^^^^^^ fastapi-lifespan
router = APIRouter(prefix="/items")
#        ^^^^^^^^^ !fastapi-route
flask_app = Flask(__name__)
#           ^^^^^ flask-app
bp = Blueprint("orders", __name__)
#    ^^^^^^^^^ flask-app


class ItemIn(BaseModel):
#     ^^^^^^ pydantic-model
    name: str = Field(min_length=1, max_length=100)
#               ^^^^^ pydantic-model
    quantity: int = Field(ge=0)
#                   ^^^^^ pydantic-model

    @field_validator("name")
#   ^^^^^^^^^^^^^^^^^^^^^^^^ pydantic-model
    @classmethod
#    ^^^^^^^^^^^ !pydantic-model
    def strip(cls, value):
        return value.strip()

    @model_validator(mode="after")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ pydantic-model
    def check(self):
        return self


class ItemOut(ItemIn):
#     ^^^^^^^ pydantic-model
    id: int
#   ^^ !pydantic-model


class PlainConfig:
#     ^^^^^^^^^^^ !pydantic-model
    name: str = "x"
#   ^^^^ !pydantic-model


def get_db():
#   ^^^^^^ !fastapi-depends
    yield None
#         ^^^^ !fastapi-lifespan


@router.get("/{item_id}")
# <- fastapi-route
async def read_item(item_id: int = Path(gt=0), db=Depends(get_db), q: str | None = Query(default=None)):
#                                  ^^^^ fastapi-route
#                                                 ^^^^^^^ fastapi-depends
#                                                                                  ^^^^^ fastapi-route
    if item_id > 1000:
        raise HTTPException(status_code=404, detail="not found")
#             ^^^^^^^^^^^^^ exception-handlers
    return {"id": item_id}
#            ^^ !exception-handlers


@router.post("/", status_code=201, dependencies=[Depends(get_db)])
# <- fastapi-route
#                                                ^^^^^^^ fastapi-depends
async def create_item(item: ItemIn, db: Annotated[object, Depends(get_db)]):
#                                                         ^^^^^^^ fastapi-depends
    return item
#          ^^^^ !fastapi-depends


@app.middleware("http")
# <- fastapi-middleware
async def timing(request: Request, call_next):
    start = time.perf_counter()
#           ^^^^^^^^^^^^^^^^^ !fastapi-middleware
    response = await call_next(request)
    response.headers["X-Elapsed"] = str(time.perf_counter() - start)
    return response
#          ^^^^^^^^ !fastapi-middleware


class RequestIdMiddleware(BaseHTTPMiddleware):
#     ^^^^^^^^^^^^^^^^^^^ fastapi-middleware
    async def dispatch(self, request, call_next):
#             ^^^^^^^^ !fastapi-middleware
        return await call_next(request)


app.add_middleware(RequestIdMiddleware)
#   ^^^^^^^^^^^^^^ fastapi-middleware


@app.exception_handler(ValueError)
# <- exception-handlers
async def value_error_handler(request, exc):
    return JSONResponse({"detail": str(exc)}, status_code=422)
#          ^^^^^^^^^^^^ !exception-handlers


@app.on_event("startup")
# <- fastapi-lifespan
async def warm_up():
    pass
#   ^^^^ !websockets


@app.websocket("/ws")
# <- websockets
async def ws(websocket: WebSocket):
    await websocket.accept()
#         ^^^^^^^^^^^^^^^^ !websockets


@app.get("/events")
# <- fastapi-route
async def events():
    async def stream():
        yield "data: hello\n\n"
#              ^^^^ !server-sent-events

    return StreamingResponse(stream(), media_type="text/event-stream")
#          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ server-sent-events


@app.get("/download")
# <- fastapi-route
async def download():
    return StreamingResponse(iter([b"x"]), media_type="text/csv")
#          ^^^^^^^^^^^^^^^^^ !server-sent-events


@flask_app.route("/health")
# <- flask-app
def health():
    return "ok"
#           ^^ !flask-app


@bp.route("/orders")
# <- flask-app
def orders():
    return []
#          ^^ !flask-app


class ChatConsumer(AsyncJsonWebsocketConsumer):
#     ^^^^^^^^^^^^ django-channels
    async def connect(self):
        await self.channel_layer.group_add("chat", self.channel_name)
#                                ^^^^^^^^^ django-channels
        await self.accept()
#             ^^^^^^^^^^^ !django-channels

    async def receive_json(self, content):
        await self.channel_layer.group_send("chat", {"type": "chat.message", "text": content})
#                                ^^^^^^^^^^ django-channels


class EchoConsumer(WebsocketConsumer):
#     ^^^^^^^^^^^^ django-channels
    pass


application = ProtocolTypeRouter({"http": get_asgi_application(), "websocket": URLRouter([])})
#             ^^^^^^^^^^^^^^^^^^ asgi-wsgi
#                                         ^^^^^^^^^^^^^^^^^^^^ asgi-wsgi


def not_routes(cache, registry):
    # Plain dict and object methods named like HTTP verbs are not routes.
    cache.get("key")
#   ^^^^^^^^^ !fastapi-route
    registry.delete("old")
#   ^^^^^^^^^^^^^^^ !fastapi-route
    return cache
#          ^^^^^ !uvicorn-gunicorn


handler404 = "shop.views.not_found"
# <- exception-handlers
app.include_router(router)
#   ^^^^^^^^^^^^^^ !fastapi-middleware

if __name__ == "__main__":
    uvicorn.run("app.main:app", host="0.0.0.0", port=8000, workers=2)
#   ^^^^^^^^^^^ uvicorn-gunicorn
