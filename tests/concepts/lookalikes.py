# concepts: redis-pubsub, celery-task, celery-beat, event-loop, transaction, idempotency, select-prefetch-related, pagination, fastapi-middleware, exception-handlers, django-channels, cache-invalidation
# Method names that belong to a library only when the module uses it: nothing here imports
# redis, celery, asyncio, django, DRF, FastAPI, Starlette, channels or functools.
# `cache_clear` is the exception: only a functools-style cache has it, defined in another module.
from .models import Order
from .tasks import send_invoice


def publish_revision(revision, bus, scheduler, paginator, app, layer, memo):
    revision.publish()
#            ^^^^^^^ !redis-pubsub
    bus.subscribe("orders")
#       ^^^^^^^^^ !redis-pubsub
    scheduler.beat_schedule = {}
#             ^^^^^^^^^^^^^ !celery-beat
    timer.delay(5)
#         ^^^^^ !celery-task
    runner.run_until_complete(job)
#          ^^^^^^^^^^^^^^^^^^ !event-loop
    paginator.paginate_queryset(rows)
#             ^^^^^^^^^^^^^^^^^ !pagination
    app.add_middleware(Tracing)
#       ^^^^^^^^^^^^^^ !fastapi-middleware
    app.add_exception_handler(KeyError, handle)
#       ^^^^^^^^^^^^^^^^^^^^^ !exception-handlers
    layer.group_send("room", {})
#         ^^^^^^^^^^ !django-channels
    memo.cache_clear()
#        ^^^^^^^^^^^ cache-invalidation
    store.get_or_create("key")
#         ^^^^^^^^^^^^^ !idempotency
    rows.select_related("x")
#        ^^^^^^^^^^^^^^ !select-prefetch-related
    lock.select_for_update()
#        ^^^^^^^^^^^^^^^^^ !transaction


def on_a_manager(order_id):
    # The receiver is a Django manager: the names mean what Django means.
    send_invoice.delay(order_id)
#                ^^^^^ celery-task
    Order.objects.get_or_create(pk=order_id)
#                 ^^^^^^^^^^^^^ idempotency
    orders = Order.objects.select_related("customer")
#                          ^^^^^^^^^^^^^^ select-prefetch-related
    return Order.objects.select_for_update().filter(pk__in=orders)
#                        ^^^^^^^^^^^^^^^^^ transaction
