import json
import logging

from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.db.models import F, Q
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from shop.cache import publish_stock_change
from shop.models import Customer, Order, OrderItem, Product
from shop.payments import verify_webhook_signature

logger = logging.getLogger(__name__)


@login_required
def recent_order_emails(request):
    """Pitfall (N+1): one query for the orders, then one more per order for its customer."""
    rows = []
    for order in Order.objects.filter(status=Order.Status.PAID).order_by("-created_at"):
        rows.append({"order": order.pk, "email": order.customer.email})
    return JsonResponse({"orders": rows})


@login_required
def recent_order_emails_fixed(request):
    """Same data in a single query: the JOIN is done by select_related."""
    orders = Order.objects.filter(status=Order.Status.PAID).select_related("customer")[:100]
    rows = [{"order": order.pk, "email": order.customer.email} for order in orders]
    return JsonResponse({"orders": rows})


@require_GET
@login_required
def order_detail(request, pk):
    # get() returns exactly one row or raises; filter() returns a (possibly empty) QuerySet.
    try:
        order = Order.objects.get(pk=pk, customer__user=request.user)
    except Order.DoesNotExist:
        return JsonResponse({"detail": "Not found."}, status=404)
    has_other_orders = Order.objects.filter(customer=order.customer).exclude(pk=pk).exists()
    return JsonResponse({"id": order.pk, "status": order.status, "repeat_customer": has_other_orders})


def product_search(request):
    term = request.GET.get("q", "").strip()
    products = Product.objects.filter(
        Q(name__icontains=term) | Q(description__icontains=term) | Q(sku__iexact=term),
        is_active=True,
    ).values("id", "name", "price")[:20]
    return JsonResponse({"results": list(products)})


@require_POST
@login_required
def place_order(request):
    idempotency_key = request.headers.get("Idempotency-Key")
    if not idempotency_key:
        return JsonResponse({"detail": "Idempotency-Key header is required."}, status=400)
    data = json.loads(request.body)
    quantity = int(data.get("quantity", 1))
    customer = Customer.objects.get(user=request.user)
    with transaction.atomic():
        order, created = Order.objects.get_or_create(idempotency_key=idempotency_key, defaults={"customer": customer})
        if not created:  # a retried request: answer with the order we already made
            return JsonResponse({"id": order.pk, "status": order.status})
        # Lock the product row so two checkouts cannot both take the last item.
        product = Product.objects.select_for_update().get(pk=data["product_id"], is_active=True)
        if product.stock < quantity:
            transaction.set_rollback(True)
            return JsonResponse({"detail": "Out of stock."}, status=409)
        OrderItem.objects.create(order=order, product=product, quantity=quantity, unit_price=product.price)
        Product.objects.filter(pk=product.pk).update(stock=F("stock") - quantity)
        # Tell live stock widgets only once the sale is durable.
        transaction.on_commit(lambda: publish_stock_change(product.pk, product.stock - quantity))
    return JsonResponse({"id": order.pk, "status": order.status}, status=201)


@csrf_exempt
@require_POST
def payment_webhook(request):
    """Called by the payment provider, which cannot send our CSRF token; we check its signature instead."""
    if not verify_webhook_signature(request.body, request.headers.get("X-Signature", "")):
        return HttpResponse(status=400)
    event = json.loads(request.body)
    if event.get("type") == "payment.succeeded":
        updated = Order.objects.filter(payment_reference=event["reference"]).update(status=Order.Status.PAID)
        logger.info("Webhook marked %d order(s) as paid", updated)
    return HttpResponse(status=204)


@login_required
def sales_report(request):
    status = request.GET.get("status", "paid")
    with connection.cursor() as cursor:
        # Pitfall (SQL injection): ?status=' OR '1'='1 changes the query itself.
        cursor.execute(f"""
            SELECT oi.product_id, SUM(oi.quantity) FROM shop_orderitem oi
            JOIN shop_order o ON o.id = oi.order_id
            WHERE o.status = '{status}' GROUP BY oi.product_id
        """)
        rows = cursor.fetchall()
    return JsonResponse({"rows": rows})


@login_required
def sales_report_safe(request):
    status = request.GET.get("status", "paid")
    if status not in Order.Status.values:
        return JsonResponse({"detail": "Unknown status."}, status=400)
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT oi.product_id, SUM(oi.quantity) FROM shop_orderitem oi
            JOIN shop_order o ON o.id = oi.order_id
            WHERE o.status = %s GROUP BY oi.product_id
        """, [status])
        rows = cursor.fetchall()
    return JsonResponse({"rows": rows})
