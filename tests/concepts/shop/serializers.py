# concepts: n-plus-one
# DRF serializers of the `shop` project: a serializer runs its method fields and nested
# serializers once per object it serializes.
from rest_framework import serializers

from .models import Customer, Order, OrderLine


class OrderLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderLine
        fields = ["price"]


class OrderSerializer(serializers.ModelSerializer):
    coupon_code = serializers.SerializerMethodField()
    coupon_id = serializers.SerializerMethodField()
    line_count = serializers.SerializerMethodField()
    paid_label = serializers.SerializerMethodField(method_name="label_for_paid")
    lines = OrderLineSerializer(many=True, read_only=True)
#   ^^^^^ n-plus-one
    customer = serializers.PrimaryKeyRelatedField(read_only=True)
    others = OrderLineSerializer(many=True, source="lines_cache")
#   ^^^^^^ !n-plus-one

    class Meta:
        model = Order
        fields = ["coupon_code", "coupon_id", "line_count", "paid_label", "lines", "customer"]

    def get_coupon_code(self, obj):
        return obj.coupon.code if obj.coupon else None
#              ^^^^^^^^^^ n-plus-one

    def get_coupon_id(self, obj):
        # The same read in another field is the same fix (and the column needs no query).
        return obj.coupon.pk, obj.coupon_id
#              ^^^^^^^^^^ !n-plus-one

    def get_line_count(self, order):
        return order.lines.count()
#              ^^^^^^^^^^^ n-plus-one

    def label_for_paid(self, obj):
        return "paid" if obj.paid else "open"
#                        ^^^^^^^^ !n-plus-one

    def get_unused(self, obj):
        # Not a method field: nothing calls it per object.
        return obj.customer.name
#              ^^^^^^^^^^^^ !n-plus-one


class CustomerSerializer(serializers.ModelSerializer):
    latest = serializers.SerializerMethodField()
    orders = OrderSerializer(many=True)
#   ^^^^^^ n-plus-one

    class Meta:
        model = Customer
        fields = ["latest", "orders"]

    def get_latest(self, obj):
        return Order.objects.filter(customer=obj).order_by("-created").first()
#              ^^^^^^^^^^^^^^^^^^^^ n-plus-one


class PlainSerializer(serializers.Serializer):
    # No model: what its methods read is unknown.
    total = serializers.SerializerMethodField()

    def get_total(self, obj):
        return obj.customer.name
#              ^^^^^^^^^^^^ !n-plus-one
