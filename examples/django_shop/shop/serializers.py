from rest_framework import serializers

from shop.models import Order, OrderItem, Product, Tag


class ProductSerializer(serializers.ModelSerializer):
    tags = serializers.SlugRelatedField(slug_field="name", many=True, queryset=Tag.objects.all())
    in_stock = serializers.BooleanField(read_only=True)

    class Meta:
        model = Product
        fields = ["id", "sku", "name", "slug", "description", "price", "stock", "in_stock", "tags", "image"]
        read_only_fields = ["id", "slug"]

class OrderItemSerializer(serializers.ModelSerializer):
    product_name = serializers.CharField(source="product.name", read_only=True)
    line_total = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)

    class Meta:
        model = OrderItem
        fields = ["product", "product_name", "quantity", "unit_price", "line_total"]
        read_only_fields = ["unit_price"]


class OrderSerializer(serializers.ModelSerializer):
    items = OrderItemSerializer(many=True, read_only=True)
    customer_email = serializers.EmailField(source="customer.email", read_only=True)
    total = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = ["id", "status", "customer_email", "items", "total", "created_at"]
        read_only_fields = ["status", "created_at"]

    def get_total(self, order: Order) -> str:
        return str(order.total)


class CheckoutLineSerializer(serializers.Serializer):
    product_id = serializers.IntegerField(min_value=1)
    quantity = serializers.IntegerField(min_value=1, max_value=20)


class CheckoutSerializer(serializers.Serializer):
    """Input for the checkout endpoint; not tied to one model."""

    lines = CheckoutLineSerializer(many=True, allow_empty=False)
    coupon_code = serializers.CharField(max_length=20, required=False, allow_blank=True)
    accept_terms = serializers.BooleanField()

    def validate_coupon_code(self, value: str) -> str:
        return value.strip().upper()

    def validate(self, attrs):
        if not attrs["accept_terms"]:
            raise serializers.ValidationError({"accept_terms": "You must accept the terms."})
        product_ids = [line["product_id"] for line in attrs["lines"]]
        if len(product_ids) != len(set(product_ids)):
            raise serializers.ValidationError("Each product may appear only once per order.")
        found = set(
            Product.objects.filter(pk__in=product_ids, is_active=True).values_list("pk", flat=True)
        )
        missing = sorted(set(product_ids) - found)
        if missing:
            raise serializers.ValidationError(f"Unknown or inactive products: {missing}")
        return attrs
