# concepts: drf-serializer, drf-viewset, drf-permissions, token-auth, pagination, rate-limiting, http-status-codes, http-methods, api-docs, api-versioning
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_http_methods, require_POST
from drf_spectacular.views import SpectacularAPIView
#    ^^^^^^^^^^^^^^^^^^^^^ api-docs
from rest_framework import generics, permissions, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from .models import Order, Product

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
#    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ token-auth
#                                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ token-auth
    "DEFAULT_THROTTLE_RATES": {"user": "100/hour"},
#    ^^^^^^^^^^^^^^^^^^^^^^ rate-limiting
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.URLPathVersioning",
#    ^^^^^^^^^^^^^^^^^^^^^^^^ api-versioning
    "PAGE_SIZE": 50,
#    ^^^^^^^^^ !pagination
#                ^^ !rate-limiting
}
INSTALLED_APPS = ["rest_framework", "drf_spectacular"]
#                                    ^^^^^^^^^^^^^^^ api-docs


class ProductSerializer(serializers.ModelSerializer):
#     ^^^^^^^^^^^^^^^^^ drf-serializer
    class Meta:
        model = Product
        fields = ["id", "sku", "name"]


class RefundSerializer(serializers.Serializer):
#     ^^^^^^^^^^^^^^^^ drf-serializer
    amount = serializers.DecimalField(max_digits=10, decimal_places=2)


class DetailedProductSerializer(ProductSerializer):
#     ^^^^^^^^^^^^^^^^^^^^^^^^^ drf-serializer
    pass


class ProductForm:
#     ^^^^^^^^^^^ !drf-serializer
    fields = ["sku"]
#   ^^^^^^ !drf-permissions


class IsOwner(BasePermission):
#     ^^^^^^^ drf-permissions
    def has_object_permission(self, request, view, obj):
#       ^^^^^^^^^^^^^^^^^^^^^ !token-auth
        return obj.owner_id == request.user.id


class LargeResultsPagination(PageNumberPagination):
#     ^^^^^^^^^^^^^^^^^^^^^^ pagination
    page_size = 100


class ProductViewSet(viewsets.ModelViewSet):
#     ^^^^^^^^^^^^^^ drf-viewset
    queryset = Product.objects.all()
#   ^^^^^^^^ !drf-viewset
    serializer_class = ProductSerializer
#                      ^^^^^^^^^^^^^^^^^ !api-docs
#   ^^^^^^^^^^^^^^^^ !token-auth
    permission_classes = [IsAuthenticated, IsOwner]
#   ^^^^^^^^^^^^^^^^^^ drf-permissions
#                         ^^^^^^^^^^^^^^^ drf-permissions
    authentication_classes = [SessionAuthentication, TokenAuthentication]
#   ^^^^^^^^^^^^^^^^^^^^^^ token-auth
#                             ^^^^^^^^^^^^^^^^^^^^^ token-auth
#                                                    ^^^^^^^^^^^^^^^^^^^ token-auth
    throttle_classes = [UserRateThrottle]
#   ^^^^^^^^^^^^^^^^ rate-limiting
#                       ^^^^^^^^^^^^^^^^ rate-limiting
    pagination_class = LargeResultsPagination
#   ^^^^^^^^^^^^^^^^ pagination
    versioning_class = None
#   ^^^^^^^^^^^^^^^^ api-versioning

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
#       ^^^^^^^^^^ !drf-serializer
        serializer.save()
        return Response(serializer.data, status=status.HTTP_201_CREATED)
#                                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ http-status-codes


class OrderList(generics.ListAPIView):
#     ^^^^^^^^^ drf-viewset
    queryset = Order.objects.all()
    permission_classes = (permissions.IsAuthenticatedOrReadOnly,)
#   ^^^^^^^^^^^^^^^^^^ drf-permissions
#                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ drf-permissions
    pagination_class = CursorPagination
#   ^^^^^^^^^^^^^^^^ pagination
#                      ^^^^^^^^^^^^^^^^ pagination


class Ping(APIView):
#     ^^^^ drf-viewset
    def get(self, request):
        return Response({"pong": True})
#              ^^^^^^^^ !http-status-codes


@api_view(["GET", "POST"])
# <- drf-viewset
# <- http-methods
@permission_classes([IsAuthenticated])
# <- drf-permissions
@throttle_classes([UserRateThrottle])
# <- rate-limiting
def order_summary(request):
    if request.method == "POST":
#      ^^^^^^^^^^^^^^ http-methods
        return Response(status=status.HTTP_405_METHOD_NOT_ALLOWED)
#                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ http-status-codes
    return Response({"count": Order.objects.count()})
#          ^^^^^^^^ !rate-limiting


@require_POST
# <- http-methods
def legacy_cancel(request, pk):
    return HttpResponse(status=204)
#                       ^^^^^^^^^^ http-status-codes


@require_http_methods(["GET", "HEAD"])
# <- http-methods
def legacy_list(request):
    page = Paginator(Order.objects.all(), 25).get_page(request.GET.get("page"))
#          ^^^^^^^^^ pagination
    return HttpResponse(str(page))
#          ^^^^^^^^^^^^ !http-status-codes


def window(request, offset, limit):
    rows = Order.objects.order_by("id")[offset : offset + limit]
#          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ pagination
    first = Order.objects.order_by("id")[:10]
#           ^^^^^^^^^^^^^ !pagination
    local = [1, 2, 3][offset:limit]
#           ^^^^^^^^^ !pagination
    return rows, first, local


def audit(request):
    method = request.method
#            ^^^^^^^^^^^^^^ !http-methods
    code = status.HTTP_200_OK
#          ^^^^^^^^^^^^^^^^^^ http-status-codes
    return HttpResponse("ok", status=code), method
#                             ^^^^^^^^^^^ http-status-codes


router = DefaultRouter()
#        ^^^^^^^^^^^^^ drf-viewset
router.register("v1/products", ProductViewSet, basename="product")
#                ^^^^^^^^^^^ api-versioning
router.register("products", ProductViewSet, basename="product-latest")
#                ^^^^^^^^ !api-versioning

urlpatterns = [
    path("api/v1/", include(router.urls)),
#         ^^^^^^^ api-versioning
    path("api/v2/orders/", OrderList.as_view()),
#         ^^^^^^^^^^^^^^ api-versioning
    path("api/schema/", SpectacularAPIView.as_view()),
#                       ^^^^^^^^^^^^^^^^^^^^^^^^^^ api-docs
    path("api/token/", obtain_auth_token),
#                      ^^^^^^^^^^^^^^^^^ token-auth
    path("api/vote/", order_summary),
#         ^^^^^^^^^ !api-versioning
]
