import logging
from datetime import timedelta
from smtplib import SMTPException

import requests
from celery import current_app, shared_task
from celery.schedules import crontab
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from shop.utils import log_duration

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=3, default_retry_delay=60)
def send_order_confirmation(self, order_id):
    from shop.models import Order

    order = Order.objects.select_related("customer").get(pk=order_id)
    try:
        send_mail(
            subject=f"Your order #{order.pk}",
            message=f"Thanks {order.customer.full_name}, we received your order.",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[order.customer.email],
        )
    except SMTPException as exc:
        logger.warning("Mail for order %s failed, retry %s", order_id, self.request.retries)
        raise self.retry(exc=exc)


@shared_task(
    autoretry_for=(requests.RequestException,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
)
def notify_warehouse(order_id):
    response = requests.post(
        "https://warehouse.example.com/api/shipments",
        json={"order_id": order_id},
        timeout=10,
    )
    response.raise_for_status()


@shared_task
def expire_stale_orders(hours=24):
    from shop.models import Order

    cutoff = timezone.now() - timedelta(hours=hours)
    with log_duration("expire_stale_orders"):
        expired = Order.objects.filter(status=Order.Status.PENDING, created_at__lt=cutoff).update(
            status=Order.Status.CANCELLED
        )
    logger.info("Cancelled %d stale orders", expired)
    return expired


@shared_task
def send_weekly_digest(customer_id):
    logger.info("Sending weekly digest to customer %s", customer_id)


@shared_task
def queue_weekly_digests():
    from shop.models import Customer

    for customer_id in Customer.objects.filter(marketing_opt_in=True).values_list("pk", flat=True):
        send_weekly_digest.delay(customer_id)


# Periodic jobs, run by `celery -A shop beat`.
current_app.conf.beat_schedule = {
    "expire-stale-orders": {
        "task": "shop.tasks.expire_stale_orders",
        "schedule": crontab(minute=0),
        "kwargs": {"hours": 24},
    },
    "weekly-digest": {
        "task": "shop.tasks.queue_weekly_digests",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
    },
}
