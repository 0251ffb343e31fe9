# concepts: django-relationship, django-migration, f-q-expressions, transaction, django-signals, django-middleware, django-settings, debug-true, django-views, django-urls, django-admin, csrf, csrf-exempt, generic-relations, django-auth, json-response, raw-sql, sql-injection, idempotency, db-index, file-storage, django-cache
import json
import os

from django.contrib import admin
from django.contrib.auth import authenticate, get_user_model, login
#    ^^^^^^^^^^^^^^^^^^^ django-auth
from django.contrib.auth.decorators import login_required
#    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ django-auth
from django.contrib.auth.mixins import LoginRequiredMixin
#    ^^^^^^^^^^^^^^^^^^^^^^^^^^ django-auth
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, migrations, models, transaction
from django.db.models import F, Q, UniqueConstraint
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import include, path, re_path
from django.utils.deprecation import MiddlewareMixin
from django.views import View
from django.views.decorators.cache import cache_page
from django.views.decorators.csrf import csrf_exempt, ensure_csrf_cookie
from django.views.generic import DetailView, ListView

DEBUG = True
# <- django-settings
#       ^^^^ debug-true
ALLOWED_HOSTS = ["shop.example.com"]
# <- django-settings
INSTALLED_APPS = ["django.contrib.contenttypes", "shop"]
# <- django-settings
MIDDLEWARE = [
# <- django-middleware
# <- django-settings
    "django.middleware.security.SecurityMiddleware",
#    ^^^^^^^^^^^^^^^^^^^^^^^^^^ !csrf
    "django.middleware.csrf.CsrfViewMiddleware",
#    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ csrf
]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
# <- django-settings
# <- django-cache
STORAGES = {"default": {"BACKEND": "storages.backends.s3.S3Storage"}}
# <- file-storage
DEBUG_PROPAGATE_EXCEPTIONS = True
#                            ^^^^ !debug-true
#                          ^^^^^^ !django-settings


class Tag(models.Model):
    label = models.SlugField(unique=True)
#                            ^^^^^^^^^^^ idempotency
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
#                  ^^^^^^^^^^^^^^^^^ django-relationship
    object_id = models.PositiveIntegerField()
#               ^^^^^^^^^^^^^^^^^^^^^^^^^^^ !django-relationship
    target = GenericForeignKey("content_type", "object_id")
#            ^^^^^^^^^^^^^^^^^ generic-relations


class Product(models.Model):
    sku = models.CharField(max_length=32, db_index=True)
#                                         ^^^^^^^^^^^^^ db-index
    name = models.CharField(max_length=200, unique=False)
#                                           ^^^^^^^^^^^^ !idempotency
    image = models.ImageField(upload_to="products/")
#           ^^^^^^^^^^^^^^^^^ file-storage
    manual = models.FileField(upload_to="manuals/", blank=True)
#            ^^^^^^^^^^^^^^^^ file-storage
    stock = models.PositiveIntegerField(default=0)
#           ^^^^^^^^^^^^^^^^^^^^^^^^^^^ !file-storage
    tags = GenericRelation(Tag)
#          ^^^^^^^^^^^^^^^ generic-relations
#   ^^^^ !db-index

    class Meta:
        indexes = [models.Index(fields=["name"])]
#       ^^^^^^^ db-index
#                  ^^^^^^^^^^^^ db-index
        constraints = [UniqueConstraint(fields=["sku"], name="unique_sku")]
#                      ^^^^^^^^^^^^^^^^ idempotency


class Order(models.Model):
    customer = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="orders")
#              ^^^^^^^^^^^^^^^^^ django-relationship
    products = models.ManyToManyField(Product, through="OrderLine")
#              ^^^^^^^^^^^^^^^^^^^^^^ django-relationship
    invoice = models.OneToOneField("Invoice", null=True, on_delete=models.SET_NULL)
#             ^^^^^^^^^^^^^^^^^^^^ django-relationship
    paid = models.BooleanField(default=False)


class Migration(migrations.Migration):
#     ^^^^^^^^^ django-migration
    dependencies = [("shop", "0001_initial")]
#   ^^^^^^^^^^^^ !django-migration
    operations = [
        migrations.AddField("product", "stock", models.PositiveIntegerField(default=0)),
#       ^^^^^^^^^^^^^^^^^^^ django-migration
        migrations.RunPython(migrations.RunPython.noop),
#       ^^^^^^^^^^^^^^^^^^^^ django-migration
    ]


class TimingMiddleware:
#     ^^^^^^^^^^^^^^^^ django-middleware
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)
#                   ^^^^^^^^^^^^ !django-urls


class LegacyHeaderMiddleware(MiddlewareMixin):
#     ^^^^^^^^^^^^^^^^^^^^^^ django-middleware
    def process_response(self, request, response):
        return response


class NotAMiddleware:
#     ^^^^^^^^^^^^^^ !django-middleware
    def __init__(self, config):
        self.config = config

    def __call__(self, request):
        return None


@receiver(post_save, sender=Order)
# <- django-signals
def order_saved(sender, instance, created, **kwargs):
    transaction.on_commit(lambda: cache.delete(f"orders:{instance.customer_id}"))
#   ^^^^^^^^^^^^^^^^^^^^^ transaction
#                                 ^^^^^^^^^^^^ django-cache


pre_delete.connect(order_saved, sender=Product)
# <- django-signals


@transaction.atomic
# <- transaction
def reserve(product_id, quantity):
    product = Product.objects.select_for_update().get(pk=product_id)
#                             ^^^^^^^^^^^^^^^^^ transaction
    Product.objects.filter(pk=product_id).update(stock=F("stock") - quantity)
#                                                      ^ f-q-expressions
    return product


def search(request):
#   ^^^^^^ django-views
    term = request.GET.get("q", "")
#          ^^^^^^^^^^^^^^^ !django-cache
    products = Product.objects.filter(Q(name__icontains=term) | Q(sku=term))
#                                     ^ f-q-expressions
#                                                               ^ f-q-expressions
#              ^^^^^^^^^^^^^^^^^^^^^^ !f-q-expressions
    return render(request, "shop/search.html", {"products": products})


@login_required
# <- django-auth
def checkout(request, order_id):
#   ^^^^^^^^ django-views
    order = get_object_or_404(Order, pk=order_id, customer=request.user)
#           ^^^^^^^^^^^^^^^^^ !django-auth
    with transaction.atomic():
#        ^^^^^^^^^^^^^^^^^^ transaction
        Order.objects.filter(pk=order.pk).update(paid=True)
#                                         ^^^^^^ !transaction
    return redirect("shop:receipt", order_id=order.pk)


@csrf_exempt
# <- csrf
# <- csrf-exempt
def stripe_webhook(request):
#   ^^^^^^^^^^^^^^ django-views
    event = json.loads(request.body)
#           ^^^^^^^^^^^^^^^^^^^^^^^^ json-response
    Order.objects.get_or_create(reference=event["id"], defaults={"paid": True})
#                 ^^^^^^^^^^^^^ idempotency
    return JsonResponse({"received": True})
#          ^^^^^^^^^^^^ json-response


@ensure_csrf_cookie
# <- csrf
#^^^^^^^^^^^^^^^^^^ !csrf-exempt
def spa_shell(request):
#   ^^^^^^^^^ django-views
    return HttpResponse("<div id=app></div>")


def sign_in(request):
#   ^^^^^^^ django-views
    user = authenticate(request, username=request.POST["u"], password=request.POST["p"])
#          ^^^^^^^^^^^^ django-auth
    if user is not None:
        login(request, user)
#       ^^^^^ django-auth
    return HttpResponse(status=204)


def helper(request_id):
#   ^^^^^^ !django-views
    # First parameter is not `request`: a plain function.
    return HttpResponse(str(request_id))


def export_rows(request):
#   ^^^^^^^^^^^ !django-views
    rows = [dict(r) for r in request.session.items()]
#                            ^^^^^^^^^^^^^^^^^^^^^ !django-signals
    return rows


class ProductList(LoginRequiredMixin, ListView):
#     ^^^^^^^^^^^ django-views
#                 ^^^^^^^^^^^^^^^^^^ django-auth
    model = Product
#   ^^^^^ !django-views


class ProductDetail(DetailView):
#     ^^^^^^^^^^^^^ django-views
    model = Product


class HealthView(View):
#     ^^^^^^^^^^ django-views
    def get(self, request):
        return JsonResponse({"ok": True})
#              ^^^^^^^^^^^^ json-response


@cache_page(60 * 5)
# <- django-cache
def catalogue(request):
#   ^^^^^^^^^ django-views
    cached = cache.get("catalogue")
#            ^^^^^^^^^ django-cache
    if cached is None:
        cached = list(Product.objects.values("sku", "name"))
        cache.set("catalogue", cached, timeout=300)
#       ^^^^^^^^^ django-cache
    return JsonResponse(cached, safe=False)
#          ^^^^^^^^^^^^ json-response


def report(request, status):
    with connection.cursor() as cursor:
#        ^^^^^^^^^^^^^^^^^ raw-sql
        cursor.execute(f"SELECT id FROM shop_order WHERE status = '{status}'")
#       ^^^^^^^^^^^^^^ raw-sql
#                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ sql-injection
        unsafe = cursor.fetchall()
        sql = "SELECT id FROM shop_order WHERE customer_id = %s" % request.user.id
        cursor.execute(sql)
#       ^^^^^^^^^^^^^^ raw-sql
#                      ^^^ sql-injection
        cursor.execute("SELECT id FROM shop_order WHERE status = %s", [status])
#       ^^^^^^^^^^^^^^ raw-sql
#                      ^^^^^^^ !sql-injection
        cursor.execute("SELECT id FROM shop_order WHERE status = " + status)
#       ^^^^^^^^^^^^^^ raw-sql
#                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ sql-injection
    legacy = Product.objects.raw("SELECT * FROM shop_product WHERE sku = '{}'".format(status))
#                            ^^^ raw-sql
#                                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ sql-injection
    params = Product.objects.raw("SELECT * FROM shop_product WHERE sku = %s", [status])
#                            ^^^ raw-sql
#                                ^^^^^^^ !sql-injection
    return unsafe, legacy, params


def not_sql(logger, status):
    logger.execute(f"rotate {status}")
#                  ^^^^^^^^ !sql-injection
#   ^^^^^^^^^^^^^^ !raw-sql
    User = get_user_model()
#          ^^^^^^^^^^^^^^ django-auth
    return User


def idempotent_payment(request):
#   ^^^^^^^^^^^^^^^^^^ django-views
    key = request.headers.get("Idempotency-Key")
#                              ^^^^^^^^^^^^^^^ idempotency
    payment, created = Order.objects.update_or_create(reference=key, defaults={"paid": True})
#                                    ^^^^^^^^^^^^^^^^ idempotency
#   ^^^^^^^ !json-response
    return JsonResponse({"created": created})
#          ^^^^^^^^^^^^ json-response


urlpatterns = [
# <- django-urls
    path("", search, name="search"),
#   ^^^^ django-urls
    re_path(r"^orders/(?P<order_id>\d+)/$", checkout),
#   ^^^^^^^ django-urls
    path("api/", include("shop.api_urls")),
#   ^^^^ django-urls
#                ^^^^^^^ django-urls
]

admin.site.register(Tag)
# <- django-admin


@admin.register(Product)
# <- django-admin
class ProductAdmin(admin.ModelAdmin):
#     ^^^^^^^^^^^^ django-admin
    list_display = ("sku", "name")
#   ^^^^^^^^^^^^ !django-admin


class Settings:
#     ^^^^^^^^ !django-settings
    DEBUG = True
#           ^^^^ !debug-true


def configure():
#   ^^^^^^^^^ !django-views
    DEBUG = True
    return DEBUG
