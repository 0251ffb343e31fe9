# concepts: api-docs, drf-permissions, drf-viewset, http-methods, encryption, oauth2, weak-password-hash, fastapi-lifespan, server-sent-events, websockets, django-channels, aws-lambda, celery-beat, graphql, vector-db, cache-aside, memcached, redis-pubsub, missing-timeout
import hashlib
from contextlib import asynccontextmanager

import faiss
#      ^^^^^ vector-db
import graphene
#      ^^^^^^^^ graphql
import pylibmc
#      ^^^^^^^ memcached
import redis
import requests
import websockets
#      ^^^^^^^^^^ websockets
from authlib.integrations.starlette_client import OAuth
#    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ oauth2
from celery.schedules import crontab
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.http import StreamingHttpResponse
from drf_yasg.views import get_schema_view
#    ^^^^^^^^^^^^^^ api-docs
from fastapi import FastAPI
#                   ^^^^^^^ !oauth2
from rest_framework import permissions, viewsets
from sse_starlette.sse import EventSourceResponse
from starlette.applications import Starlette

oauth = OAuth()
#       ^^^^^ oauth2
schema_view = get_schema_view(public=True)
#             ^^^^^^^^^^^^^^^ api-docs
client = redis.Redis()
#        ^^^^^^^^^^^ !memcached
mc = pylibmc.Client(["127.0.0.1"])
#    ^^^^^^^^^^^^^^ memcached


@asynccontextmanager
async def lifespan(app):
    yield


api = Starlette(lifespan=lifespan)
#               ^^^^^^^^^^^^^^^^^ fastapi-lifespan
docs = FastAPI(docs_url="/docs", openapi_url="/openapi.json")
#              ^^^^^^^^^^^^^^^^ api-docs
#                                ^^^^^^^^^^^^^^^^^^^^^^^^^^^ api-docs
plain = FastAPI(title="internal")
#               ^^^^^ !api-docs
#       ^^^^^^^ !fastapi-lifespan


class ReadOnly(viewsets.ReadOnlyModelViewSet):
#     ^^^^^^^^ drf-viewset
    permission_classes = [permissions.AllowAny]
#   ^^^^^^^^^^^^^^^^^^ drf-permissions
#                         ^^^^^^^^^^^^^^^^^^^^ drf-permissions


class NotAView:
#     ^^^^^^^^ !drf-viewset
    permissions = ["read"]
#   ^^^^^^^^^^^ !drf-permissions


def encrypt(key, iv, data):
#   ^^^^^^^ !encryption
    cipher = Cipher(algorithms.AES(key), modes.CBC(iv))
#            ^^^^^^ encryption
#                   ^^^^^^^^^^^^^^ encryption
#                                        ^^^^^^^^^ encryption
    return cipher.encryptor().update(data)
#          ^^^^^^^^^^^^^^^^^^^^^^^^^ encryption


def token_digest(password_reset_token):
#   ^^^^^^^^^^^^ !encryption
    return hashlib.sha1(password_reset_token.encode()).hexdigest()
#          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ weak-password-hash


def etag(body):
#   ^^^^ !weak-password-hash
    return hashlib.sha1(body).hexdigest()
#          ^^^^^^^^^^^^ !weak-password-hash


def events(request):
    def stream():
        yield "data: tick\n\n"

    return StreamingHttpResponse(stream(), content_type="text/event-stream")
#          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ server-sent-events


async def sse(request):
    async def gen():
        yield {"data": "tick"}

    return EventSourceResponse(gen())
#          ^^^^^^^^^^^^^^^^^^^ server-sent-events


async def export(request):
#         ^^^^^^ !server-sent-events
    return StreamingHttpResponse(iter(["a,b\n"]), content_type="text/csv")
#          ^^^^^^^^^^^^^^^^^^^^^ !server-sent-events


async def relay(uri):
    async with websockets.connect(uri) as ws:
#              ^^^^^^^^^^^^^^^^^^ websockets
        await ws.send("hello")
#             ^^^^^^^ !websockets


async def serve():
    async with websockets.serve(print, "0.0.0.0", 8765):
#              ^^^^^^^^^^^^^^^^ websockets
        await ws_forever()


async def ws_forever():
#         ^^^^^^^^^^ !django-channels
    return None
#          ^^^^ !django-channels


def handler(event, context):
#   ^^^^^^^ aws-lambda
    return {"ok": True}


def lambda_handler(event):
#   ^^^^^^^^^^^^^^ !aws-lambda
    # Lambda handlers take (event, context).
    return event
#          ^^^^^ !aws-lambda


CELERY_BEAT_SCHEDULE = {"cleanup": {"task": "shop.tasks.cleanup", "schedule": crontab(minute="*/15")}}
# <- celery-beat
#                                                                             ^^^^^^^ celery-beat


class Query(graphene.ObjectType):
#     ^^^^^ graphql
    hello = graphene.String()
#           ^^^^^^^^^^^^^^^ graphql
#   ^^^^^ !celery-beat


def vectors(dim, data):
#   ^^^^^^^ !graphql
#   ^^^^^^^ !celery-beat
    index = faiss.IndexFlatL2(dim)
#           ^^^^^^^^^^^^^^^^^ vector-db
    index.add(data)
#   ^^^^^^^^^ vector-db
    return index
#          ^^^^^ !vector-db


def profile(user_id, build):
    key = f"profile:{user_id}"
#           ^^^^^^^ !celery-beat
#           ^^^^^^^ !oauth2
    value = mc.get(key)
#           ^^^^^^ cache-aside
#           ^^^^^^ memcached
    if value is None:
        value = build(user_id)
        mc.set(key, value, time=300)
#       ^^^^^^ memcached
    return value


def lookup_only(user_id):
#   ^^^^^^^^^^^ !cache-aside
    return mc.get(f"profile:{user_id}")
#          ^^^^^^ memcached
#          ^^^^^^ !cache-aside


def publish_update(channel, message, bus):
    client.publish(channel, message)
#          ^^^^^^^ redis-pubsub
    bus.emit(channel, message)
#   ^^^^^^^^ !redis-pubsub
    return client.xread({"events": 0}, count=10)
#                 ^^^^^ redis-pubsub


def subscribe_later(topic):
    return topic.subscribed
#          ^^^^^^^^^^^^^^^^ !redis-pubsub


def call_partner(url, data):
    requests.put(url, data=data)
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ missing-timeout
    requests.request("PATCH", url, json=data, timeout=4)
#   ^^^^^^^^^^^^^^^^ !missing-timeout
    return requests.head(url)
#          ^^^^^^^^^^^^^^^^^^ missing-timeout


def get_resource(resources, name):
    return resources.get(name)
#          ^^^^^^^^^^^^^ !missing-timeout
#          ^^^^^^^^^^^^^ !memcached


def methods(request):
#   ^^^^^^^ !http-methods
    return request.method in ("GET", "HEAD")
#          ^^^^^^^^^^^^^^ http-methods
