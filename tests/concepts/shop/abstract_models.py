# concepts: n-plus-one
# Abstract models of the `shop` fixture project: fields that concrete models in models.py
# inherit by class name, as django-oscar's abstract_models.py does.
from django.db import models


class AbstractOrder(models.Model):
    customer = models.ForeignKey("shop.Customer", on_delete=models.CASCADE, related_name="orders")
    coupon = models.ForeignKey("shop.Coupon", null=True, on_delete=models.SET_NULL)
    tags = models.ManyToManyField("shop.Tag", related_name="%(class)s_items")
    paid = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def total(self):
        # Columns of the lines: one query for the lines, none per line.
        return sum(line.price for line in self.lines.all())

    def refresh_totals(self):
        for line in self.lines.all():
            line.price = line.product.list_price
#                        ^^^^^^^^^^^^ n-plus-one
            line.save()

    @property
    def customer_name(self):
        return self.customer.name


class AbstractOrderLine(models.Model):
    order = models.ForeignKey("shop.Order", on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey("shop.Product", on_delete=models.CASCADE)
    price = models.DecimalField(max_digits=8, decimal_places=2)

    class Meta:
        abstract = True
