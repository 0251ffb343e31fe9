from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Sum


class TimeStamped(models.Model):
    """Adds created/updated timestamps to every concrete model that inherits it."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Customer(TimeStamped):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="customer")
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    marketing_opt_in = models.BooleanField(default=False)

    def __str__(self):
        return f"{self.full_name} <{self.email}>"


class Tag(models.Model):
    name = models.SlugField(max_length=50, unique=True)

    def __str__(self):
        return self.name


class Product(TimeStamped):
    sku = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    price = models.DecimalField(max_digits=10, decimal_places=2)
    stock = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True, db_index=True)
    image = models.ImageField(upload_to="products/", blank=True)
    tags = models.ManyToManyField(Tag, related_name="products", blank=True)

    def __str__(self):
        return f"{self.name} ({self.sku})"

    @property
    def in_stock(self) -> bool:
        return self.stock > 0


class OrderQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(customer__user=user)

    def paid(self):
        return self.filter(status=Order.Status.PAID)

    def with_totals(self):
        return self.annotate(total_amount=Sum(F("items__unit_price") * F("items__quantity")))


class Order(TimeStamped):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        PAID = "paid", "Paid"
        SHIPPED = "shipped", "Shipped"
        CANCELLED = "cancelled", "Cancelled"

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="orders")
    products = models.ManyToManyField(Product, through="OrderItem", related_name="orders")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    # Clients send an Idempotency-Key header so a retried checkout never creates two orders.
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    payment_reference = models.CharField(max_length=64, blank=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="order_status_created_idx"),
            models.Index(fields=["customer", "-created_at"], name="order_customer_recent_idx"),
        ]

    def __str__(self):
        return f"Order #{self.pk} ({self.get_status_display()})"

    @property
    def total(self) -> Decimal:
        return sum((item.line_total for item in self.items.all()), Decimal("0.00"))


class OrderItem(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="order_items")
    quantity = models.PositiveIntegerField(default=1)
    unit_price = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["order", "product"], name="unique_product_per_order"),
        ]

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.quantity
