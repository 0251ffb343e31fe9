from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from shop import views
from shop.api import OrderViewSet, ProductViewSet, me

router = DefaultRouter()
router.register("products", ProductViewSet, basename="product")
router.register("orders", OrderViewSet, basename="order")

api_v1 = [
    path("", include(router.urls)),
    path("me/", me, name="me"),
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("orders/recent/", views.recent_order_emails, name="recent-orders"),
    path("orders/recent/fast/", views.recent_order_emails_fixed, name="recent-orders-fast"),
    path("orders/<int:pk>/", views.order_detail, name="order-detail"),
    path("orders/place/", views.place_order, name="place-order"),
    path("products/search/", views.product_search, name="product-search"),
    path("reports/sales/", views.sales_report, name="sales-report"),
    path("reports/sales/safe/", views.sales_report_safe, name="sales-report-safe"),
    path("webhooks/payments/", views.payment_webhook, name="payment-webhook"),
]
