"""Order views of a small Django shop: the file the editor end-to-end tests open."""

from django.db import transaction
from django.http import JsonResponse

from .models import Order


def recent_orders(request):
    orders = Order.objects.filter(status="paid").order_by("-created")
    rows = []
    for order in orders:
        rows.append({"id": order.id, "customer": order.customer.email})
    return JsonResponse({"orders": rows})


def add_tags(order, tags=[]):
    tags.append(order.status)
    return tags


def paid_totals(orders):
    for order in orders:
        yield order.total


def pay(request, order_id):
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        order.status = "paid"
        order.save()
    return JsonResponse({"ok": True})
