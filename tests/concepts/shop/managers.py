# concepts: n-plus-one
from django.db import models


class OrderQuerySet(models.QuerySet):
    def with_lines(self):
        return self.prefetch_related("lines")

    def unpaid(self):
        return self.filter(paid=False)


class OrderManager(models.Manager.from_queryset(OrderQuerySet)):
    def get_queryset(self):
        return super().get_queryset().select_related("customer")


class ReviewManager(models.Manager):
    def for_products(self, products):
        # A manager's own loop: a query per product.
        return [self.filter(product=p).count() for p in products]
#               ^^^^^^^^^^^ n-plus-one
