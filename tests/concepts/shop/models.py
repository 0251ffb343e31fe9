# concepts: n-plus-one
from django.db import models
from mptt.models import MPTTModel

from .abstract_models import AbstractOrder, AbstractOrderLine
from .managers import OrderManager, ReviewManager


class Customer(models.Model):
    name = models.CharField(max_length=100)
    email = models.EmailField()

    def order_count(self):
        return self.orders.count()


class Profile(models.Model):
    customer = models.OneToOneField(Customer, on_delete=models.CASCADE, related_name="profile")
    bio = models.TextField()


class Category(MPTTModel):
    parent = models.ForeignKey("self", null=True, on_delete=models.CASCADE, related_name="children")
    name = models.CharField(max_length=50)


class Product(models.Model):
    title = models.CharField(max_length=100)
    list_price = models.DecimalField(max_digits=8, decimal_places=2)
    category = models.ForeignKey(Category, on_delete=models.PROTECT)

    def __str__(self):
        return f"{self.title} ({self.category.name})"


class Tag(models.Model):
    label = models.CharField(max_length=30)

    def __str__(self):
        return self.label


class Coupon(models.Model):
    code = models.CharField(max_length=20)


class Order(AbstractOrder):
    objects = OrderManager()


class OrderLine(AbstractOrderLine):
    pass


class Review(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE)
    author = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()

    objects = ReviewManager()
