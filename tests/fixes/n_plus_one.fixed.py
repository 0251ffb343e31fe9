# fix: n-plus-one
from django.db import models


class Order(models.Model):
    customer = models.ForeignKey("Customer", on_delete=models.CASCADE)


def emails(request):
    orders = Order.objects.filter(paid=True).order_by("-created").select_related("customer")
    return [order.customer.email for order in orders]
