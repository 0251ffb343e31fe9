# concepts: django-model, queryset, get-vs-filter, select-prefetch-related, n-plus-one
from django.db import models
from django.db.models import Model, Prefetch
from django.shortcuts import render


class Customer(models.Model):
#     ^^^^^^^^ django-model
    name = models.CharField(max_length=100)


class Order(models.Model):
#     ^^^^^ django-model
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)
    tags = models.ManyToManyField("Tag")
#          ^^^^^^^^^^^^^^^^^^^^^^ !select-prefetch-related


class Tag(Model):
#     ^^^ django-model
    label = models.CharField(max_length=30)


class OrderForm:
#     ^^^^^^^^^ !django-model
    # Not a model: no django.db.models base.
    pass


def order_list(request):
    orders = Order.objects.filter(paid=True)
#            ^^^^^^^^^^^^^^^^^^^^ queryset
#                          ^^^^^^ get-vs-filter
    rows = []
    for order in orders:
        rows.append((order.customer.name, order.created_at.year))
#                    ^^^^^^^^^^^^^^ n-plus-one
#                                         ^^^^^^^^^^^^^^^^ !n-plus-one
    return render(request, "orders.html", {"rows": rows})


def order_tags(request):
    labels = [t.label for o in Order.objects.all() for t in o.tags.all()]
#                                                           ^^^^^^ n-plus-one
#                              ^^^^^^^^^^^^^^^^^ queryset
    names = [o.customer.name for o in Order.objects.all()]
#            ^^^^^^^^^^ n-plus-one
#                                     ^^^^^^^^^^^^^^^^^ queryset
    return labels, names


def optimised(request):
    for order in Order.objects.select_related("customer").prefetch_related(Prefetch("tags")):
#                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ queryset
#                              ^^^^^^^^^^^^^^ select-prefetch-related
#                                                         ^^^^^^^^^^^^^^^^ select-prefetch-related
#                                                                          ^^^^^^^^ select-prefetch-related
        print(order.customer.name, order.tags.count())
#             ^^^^^^^^^^^^^^ !n-plus-one
#                                  ^^^^^^^^^^ !n-plus-one
    for order in Order.objects.select_related("customer"):
#                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ queryset
#                              ^^^^^^^^^^^^^^ select-prefetch-related
        print(order.tags.all())
#             ^^^^^^^^^^ n-plus-one
    for row in Order.objects.values("customer__name"):
#              ^^^^^^^^^^^^^^^^^^^^ queryset
        print(row.customer.name)
#             ^^^^^^^^^^^^ !n-plus-one
    return Order.objects.get(pk=request.GET.get("id"))
#          ^^^^^^^^^^^^^^^^^ queryset
#                        ^^^ get-vs-filter


def detail(request, pk):
    order = Order.objects.get(pk=pk)
#           ^^^^^^^^^^^^^^^^^ queryset
#                         ^^^ get-vs-filter
    params = request.GET.get("page")
#                        ^^^ !get-vs-filter
    cache = {}
#   ^^^^^ !queryset
    cache.get("x")
#         ^^^ !get-vs-filter
    return order, params


def filtered(qs_param):
    # A parameter is not known to be a queryset.
    for o in qs_param:
        print(o.customer.name)
#             ^^^^^^^^^^ !n-plus-one
    return qs_param.filter(paid=True)
#                   ^^^^^^ !get-vs-filter


def rebinds(items):
    # A name assigned from itself must not send the analysis in circles.
    items = items.filter(active=True)
    for item in items:
        print(item.owner.name)
    return items


def shapes(request):
    # Methods called on a value that is not a relation: a geometry, a date.
    for city in City.objects.all():
#               ^^^^^^^^^^^^^^^^ queryset
        print(city.area.transform(3857), city.founded.isoformat())
#             ^^^^^^^^^ !n-plus-one
    for city in City.objects.all():
#               ^^^^^^^^^^^^^^^^ queryset
        print(city.districts.count())
#             ^^^^^^^^^^^^^^ n-plus-one
    return None
