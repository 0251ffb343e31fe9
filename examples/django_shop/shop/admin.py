from django.contrib import admin
from django.db.models import Count

from shop.models import Customer, Order, OrderItem, Product, Tag


class OrderItemInline(admin.TabularInline):
    model = OrderItem
    extra = 0
    raw_id_fields = ["product"]
    readonly_fields = ["unit_price"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "sku", "price", "stock", "is_active"]
    list_filter = ["is_active", "tags"]
    list_editable = ["price", "stock"]
    search_fields = ["name", "sku"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["tags"]


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["id", "customer", "status", "item_count", "created_at"]
    list_filter = ["status", "created_at"]
    # One JOIN instead of one query per row for the `customer` column.
    list_select_related = ["customer"]
    search_fields = ["customer__email", "payment_reference"]
    inlines = [OrderItemInline]
    actions = ["mark_shipped"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_count=Count("items"))

    @admin.display(ordering="item_count", description="Items")
    def item_count(self, obj):
        return obj.item_count

    @admin.action(description="Mark selected paid orders as shipped")
    def mark_shipped(self, request, queryset):
        updated = queryset.filter(status=Order.Status.PAID).update(status=Order.Status.SHIPPED)
        self.message_user(request, f"{updated} order(s) marked as shipped.")


admin.site.register(Customer)
admin.site.register(Tag)
