from django.db import transaction
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from shop.models import Order, Product
from shop.serializers import OrderSerializer, ProductSerializer


class StandardPagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


class IsOrderOwner(permissions.BasePermission):
    message = "You can only see your own orders."

    def has_object_permission(self, request, view, obj):
        return request.user.is_staff or obj.customer.user_id == request.user.id


class ProductViewSet(viewsets.ModelViewSet):
    """CRUD for the catalogue: anyone may read, only authenticated staff tools write."""

    queryset = Product.objects.filter(is_active=True).prefetch_related("tags")
    serializer_class = ProductSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]
    throttle_classes = [AnonRateThrottle, UserRateThrottle]
    pagination_class = StandardPagination
    lookup_field = "slug"

    def perform_destroy(self, instance):
        # Products referenced by orders are hidden, never deleted.
        instance.is_active = False
        instance.save(update_fields=["is_active", "updated_at"])


class OrderViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrderSerializer
    permission_classes = [IsAuthenticated, IsOrderOwner]
    throttle_classes = [UserRateThrottle]
    pagination_class = StandardPagination

    def get_queryset(self):
        return (
            Order.objects.for_user(self.request.user)
            .select_related("customer")
            .prefetch_related("items__product")
        )

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        with transaction.atomic():
            order = self.get_queryset().select_for_update().get(pk=pk)
            self.check_object_permissions(request, order)
            if order.status != Order.Status.PENDING:
                return Response(
                    {"detail": "Only pending orders can be cancelled."},
                    status=status.HTTP_409_CONFLICT,
                )
            order.status = Order.Status.CANCELLED
            order.save(update_fields=["status", "updated_at"])
        return Response(self.get_serializer(order).data, status=status.HTTP_200_OK)


@api_view(["GET"])
@permission_classes([IsAuthenticated])
def me(request):
    """The logged-in customer's profile and order count."""
    customer = request.user.customer
    return Response(
        {
            "email": customer.email,
            "name": customer.full_name,
            "orders": Order.objects.filter(customer=customer).count(),
        },
        status=status.HTTP_200_OK,
    )
