# concepts: async-await, event-loop, multiprocessing, threading, django-model, queryset, select-prefetch-related, csrf, csrf-exempt, db-index, debug-true, django-admin, django-auth, django-cache, django-middleware, django-migration, django-relationship, django-signals, django-urls, f-q-expressions, file-storage, generic-relations, idempotency, json-response, raw-sql, transaction, asgi-wsgi
import asyncio
import json
import multiprocessing
import threading

from django.contrib import admin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.wsgi import get_wsgi_application
from django.db import models, transaction
from django.db.models import Prefetch
from django.db.models.signals import post_delete
from django.http import HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt, csrf_protect

DEBUG = True
#       ^^^^ debug-true

application = get_wsgi_application()
#             ^^^^^^^^^^^^^^^^^^^^ asgi-wsgi
app_name = "shop"
#          ^^^^^^ !debug-true
#          ^^^^^^ !generic-relations
#          ^^^^^^ !asgi-wsgi


class Review(models.Model):
#     ^^^^^^ django-model
    author = models.ForeignKey("auth.User", on_delete=models.CASCADE)
#            ^^^^^^^^^^^^^^^^^ django-relationship
    text = models.TextField()
#          ^^^^^^^^^^^^^^^^ !django-relationship
#          ^^^^^^^^^^^^^^^^ !f-q-expressions
#          ^^^^^^^^^^^^^^^^ !file-storage
    rating = models.IntegerField(db_index=False)
#                                ^^^^^^^^^^^^^^ !db-index
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
#                  ^^^^^^^^^^^^^^^^^ django-relationship
    object_id = models.PositiveIntegerField()
#               ^^^^^^^^^^^^^^^^^^^^^^^^^^^ !generic-relations
    subject = GenericForeignKey("content_type", "object_id")
#             ^^^^^^^^^^^^^^^^^ generic-relations


class ReviewAdminForm:
#     ^^^^^^^^^^^^^^^ !django-model
#     ^^^^^^^^^^^^^^^ !django-middleware
    pass


class ReviewInline(admin.TabularInline):
#     ^^^^^^^^^^^^ !django-admin
    model = Review
#   ^^^^^ !django-migration


def recent_reviews(request):
    reviews = Review.objects.filter(rating__gte=4).prefetch_related(Prefetch("author"))
#             ^^^^^^^^^^^^^^^^^^^^^ queryset
#                                                  ^^^^^^^^^^^^^^^^ select-prefetch-related
#                                                                   ^^^^^^^^ select-prefetch-related
    names = [r.author.username for r in reviews]
    payload = json.dumps({"names": names})
#             ^^^^^^^^^^ !select-prefetch-related
#             ^^^^^^^^^^ !json-response
    local = {"a": 1}
    local.get("a")
#   ^^^^^^^^^ !queryset
    return HttpResponse(payload, content_type="application/json")
#                                ^^^^^^^^^^^^ !idempotency
#          ^^^^^^^^^^^^ !json-response


def kinds(request):
    types = ContentType.objects.get_for_model(Review)
#           ^^^^^^^^^^^^^^^^^^^ generic-relations
#           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ queryset
    return JsonResponse({"id": types.id})
#          ^^^^^^^^^^^^ json-response


@csrf_protect
# <- csrf
def feedback(request):
    return HttpResponse("thanks")
#          ^^^^^^^^^^^^ !csrf


def webhook_urls():
    return [path("hooks/stripe/", csrf_exempt(stripe_hook)), path("hooks/ping/", ping)]
#           ^^^^ django-urls
#                                 ^^^^^^^^^^^^^^^^^^^^^^^^ csrf-exempt
#                                                            ^^^^ django-urls
#                                             ^^^^^^^^^^^ !django-urls


def stripe_hook(request):
    return HttpResponse("ok")
#          ^^^^^^^^^^^^ !csrf-exempt


def ping(request):
    return HttpResponse("pong")
#          ^^^^^^^^^^^^ !django-auth


def purge(request):
    caches["default"].clear()
#   ^^^^^^ !django-cache
    post_delete.connect(purge, sender=Review)
#   ^^^^^^^^^^^^^^^^^^^ django-signals
    with transaction.atomic(using="replica"):
#        ^^^^^^^^^^^^^^^^^^ transaction
        Review.objects.filter(pk=1).delete()
#       ^^^^^^^^^^^^^^^^^^^^^ queryset
#                                   ^^^^^^ !raw-sql
    return HttpResponse("done")
#          ^^^^^^^^^^^^ !transaction


async def fetch_many(client, urls):
# <- async-await
    results = await asyncio.gather(*(client.get(u) for u in urls))
#             ^^^^^ async-await
#                   ^^^^^^^^^^^^^^ event-loop
    async with asyncio.timeout(5):
#   ^^^^^ async-await
        await asyncio.sleep(0)
#       ^^^^^ async-await
    return results
#          ^^^^^^^ !asgi-wsgi
#          ^^^^^^^ !event-loop


def not_async(loop_count):
#   ^^^^^^^^^ !async-await
    for i in range(loop_count):
        print(i)


def background(job):
    t = threading.Thread(target=job, daemon=True)
#       ^^^^^^^^^^^^^^^^ threading
#                        ^^^^^^ !django-signals
    t.start()
#   ^^^^^^^ !threading
    event = threading.Event()
#           ^^^^^^^^^^^^^^^ threading
    p = multiprocessing.Process(target=job)
#       ^^^^^^^^^^^^^^^^^^^^^^^ multiprocessing
    q = multiprocessing.Queue()
#       ^^^^^^^^^^^^^^^^^^^^^ multiprocessing
    return event, p, q


def cpu_count():
    return multiprocessing.cpu_count()
#          ^^^^^^^^^^^^^^^^^^^^^^^^^ !multiprocessing
