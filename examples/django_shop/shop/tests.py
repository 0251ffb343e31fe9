import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from shop.models import Customer, Order, OrderItem, Product
from shop.utils import in_batches, shipping_cost, vat_rate


class OrderViewsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_user("ann", "ann@example.com")
        cls.customer = Customer.objects.create(user=cls.user, email="ann@example.com", full_name="Ann Lee")
        cls.product = Product.objects.create(sku="MUG-1", name="Mug", slug="mug", price=Decimal("9.50"), stock=3)
        for _ in range(5):
            order = Order.objects.create(customer=cls.customer, status=Order.Status.PAID)
            OrderItem.objects.create(order=order, product=cls.product, unit_price=cls.product.price)

    def setUp(self):
        self.client.force_login(self.user)

    def test_fixed_view_uses_one_query_for_orders_and_customers(self):
        # Session + user lookups, then a single JOINed query for orders and their customers.
        with self.assertNumQueries(3):
            response = self.client.get(reverse("recent-orders-fast"))
        self.assertEqual(len(response.json()["orders"]), 5)

    def test_place_order_decrements_stock_once_per_idempotency_key(self):
        payload = json.dumps({"product_id": self.product.pk, "quantity": 2})
        headers = {"HTTP_IDEMPOTENCY_KEY": "checkout-123"}
        first = self.client.post(reverse("place-order"), payload, content_type="application/json", **headers)
        second = self.client.post(reverse("place-order"), payload, content_type="application/json", **headers)
        self.assertEqual(first.status_code, 201)
        self.assertEqual(second.status_code, 200)
        self.product.refresh_from_db()
        self.assertEqual(self.product.stock, 1)

@pytest.fixture
def fake_queryset():
    class FakeQuerySet:
        def __init__(self, items):
            self.items = items

        def iterator(self, chunk_size):
            return iter(self.items)

    return FakeQuerySet(list(range(7)))


def test_in_batches_yields_full_then_partial_batch(fake_queryset):
    assert list(in_batches(fake_queryset, size=3)) == [[0, 1, 2], [3, 4, 5], [6]]


@pytest.mark.parametrize(
    ("weight", "expected"),
    [(100, Decimal("3.90")), (500, Decimal("3.90")), (501, Decimal("6.50")), (30_000, Decimal("25.00"))],
)
def test_shipping_cost_bands(weight, expected):
    assert shipping_cost(weight) == expected


def test_vat_rate_is_case_insensitive():
    assert vat_rate("de") == vat_rate("DE") == Decimal("0.20")
