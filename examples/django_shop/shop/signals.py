"""Signal handlers, connected when ShopConfig.ready() imports this module (apps.py is omitted here)."""
import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from shop.cache import invalidate_product, product_cache_key
from shop.models import Order, Product
from shop.tasks import notify_warehouse, send_order_confirmation

logger = logging.getLogger(__name__)


@receiver(post_save, sender=Order)
def order_saved(sender, instance, created, **kwargs):
    if created:
        # Enqueue only after the surrounding transaction commits, or the worker may not see the row.
        transaction.on_commit(lambda: send_order_confirmation.delay(instance.pk))
        return
    if instance.status == Order.Status.PAID:
        transaction.on_commit(lambda: notify_warehouse.apply_async(args=[instance.pk], countdown=30))


@receiver(post_save, sender=Product)
def product_saved(sender, instance, **kwargs):
    invalidate_product(instance.pk)


@receiver(pre_delete, sender=Product)
def product_deleted(sender, instance, **kwargs):
    logger.warning("Product %s (%s) is being deleted", instance.pk, instance.sku)
    cache.delete_many([product_cache_key(instance.pk), "catalogue:featured"])
