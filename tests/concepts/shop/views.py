# concepts: n-plus-one
# Views of the `shop` fixture project: which attributes are relations, what a manager's
# get_queryset selects and what a model method queries come from models.py, abstract_models.py
# and managers.py through the project index.
from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404

from shop.loading import get_model

from .models import Category, Customer, Order, OrderLine, Product, Tag

Coupon = get_model("shop", "Coupon")
Invoice = get_model("shop", "Invoice")
User = get_user_model()


def order_customers():
    # Order's manager select_related("customer") in its get_queryset.
    return [o.customer.name for o in Order.objects.filter(paid=True)]
#           ^^^^^^^^^^ !n-plus-one


def order_coupons():
    orders = Order.objects.filter(paid=True)
    return [o.coupon.code for o in orders]
#           ^^^^^^^^ n-plus-one


def line_products(order_id):
    for line in OrderLine.objects.filter(order_id=order_id):
        print(line.product.title, line.product.category.name)
#             ^^^^^^^^^^^^ n-plus-one
#                                 ^^^^^^^^^^^^^^^^^^^^^ n-plus-one


def line_products_selected(order_id):
    lines = OrderLine.objects.filter(order_id=order_id).select_related("product__category")
    for line in lines:
        print(line.product.title, line.product.category.name)
#             ^^^^^^^^^^^^ !n-plus-one
#                                 ^^^^^^^^^^^^^^^^^^^^^ !n-plus-one


def columns_and_fk_ids():
    for line in OrderLine.objects.all():
        print(line.price, line.product_id, line.order_id)
#             ^^^^^^^^^^ !n-plus-one
#                         ^^^^^^^^^^^^^^^ !n-plus-one


def reverse_one_to_one():
    for customer in Customer.objects.all():
        print(customer.profile.bio)
#             ^^^^^^^^^^^^^^^^ n-plus-one


def related_managers():
    for customer in Customer.objects.all():
        print(customer.orders.count(), customer.orders.filter(paid=True).exists())
#             ^^^^^^^^^^^^^^^ n-plus-one


def prefetched_managers():
    customers = Customer.objects.prefetch_related("orders")
    for customer in customers:
        print(customer.orders.count(), [o.paid for o in customer.orders.all()])
#             ^^^^^^^^^^^^^^^ !n-plus-one
#                                                       ^^^^^^^^^^^^^^^ !n-plus-one


def prefetch_object():
    lines = OrderLine.objects.select_related("product")
    orders = Order.objects.prefetch_related(Prefetch("lines", queryset=lines))
    for order in orders:
        for line in order.lines.all():
#                   ^^^^^^^^^^^ !n-plus-one
            print(line.product.title)
#                 ^^^^^^^^^^^^ !n-plus-one


def nested_loops():
    for order in Order.objects.all():
        for line in order.lines.all():
#                   ^^^^^^^^^^^ n-plus-one
            print(line.price)


def comprehension_over_tags():
    return {o.pk: [t.label for t in o.tags.all()] for o in Order.objects.all()}
#                                   ^^^^^^ n-plus-one


def per_item_queries(emails):
    for email in emails:
        if Customer.objects.filter(email=email).exists():
#          ^^^^^^^^^^^^^^^^^^^^^^^ n-plus-one
            continue


def per_item_get(pks):
    found = []
    for pk in pks:
        product = Product.objects.get(pk=pk)
#                 ^^^^^^^^^^^^^^^^^^^ n-plus-one
        found.append(product.category.name)
#                    ^^^^^^^^^^^^^^^^ n-plus-one
    return found


def while_loop(day, end):
    days = 0
    while day < end:
        if not Coupon.objects.filter(code=str(day)).exists():
#              ^^^^^^^^^^^^^^^^^^^^^ n-plus-one
            days += 1
        day += 1
    return days


def user_model(ids):
    return [User.objects.get(pk=i).email for i in ids]
#           ^^^^^^^^^^^^^^^^ n-plus-one


def evaluated_later(emails):
    for email in emails:
        customers = Customer.objects.filter(email__iexact=email)
#                   ^^^^^^^^^^^^^^^^^^^^^^^ n-plus-one
        print([c.name for c in customers])


def written_out(first, second):
    # Two objects the code names: two queries however many rows there are.
    for order in (first, second):
        print(order.lines.count())
#             ^^^^^^^^^^^ !n-plus-one


def write_chain_per_item():
    # Deleting through the related manager is a write per item, another pitfall.
    for order in Order.objects.all():
        order.lines.all().delete()
#       ^^^^^^^^^^^ !n-plus-one


def lazy_union(tags):
    # Building a queryset per item runs nothing until the end.
    orders = Order.objects.none()
    for tag in tags:
        orders |= Order.objects.filter(tags=tag)
#                 ^^^^^^^^^^^^^^^^^^^^ !n-plus-one
    return list(orders)


def writes_per_item(rows):
    for row in rows:
        Customer.objects.create(name=row["name"])
#       ^^^^^^^^^^^^^^^^^^^^^^^ !n-plus-one
        Order.objects.filter(pk=row["order"]).update(paid=True)
#       ^^^^^^^^^^^^^^^^^^^^ !n-plus-one


def one_query_per_model(models):
    # N is the number of tables, fixed by the code.
    return [model.objects.count() for model in models]
#           ^^^^^^^^^^^^^^^^^^^ !n-plus-one


def plain_data(rows):
    totals = {}
    for row in rows:
        totals[row.customer.name] = row.total
#              ^^^^^^^^^^^^ !n-plus-one
    for name in ("a", "b"):
        print(name.upper())
    return totals


def values_rows():
    for row in Order.objects.values("customer__name"):
        print(row["customer__name"])
    return [r.customer for r in Order.objects.values_list("customer", flat=True)]
#           ^^^^^^^^^^ !n-plus-one


def annotated():
    for c in Customer.objects.annotate(orders=Count("orders")):
        print(c.orders)
#             ^^^^^^^^ !n-plus-one


def returned_once(code):
    for prefix in ("A", "B"):
        return Coupon.objects.get(code=prefix + code)
#              ^^^^^^^^^^^^^^^^^^ !n-plus-one


def detail(request, pk):
    order = get_object_or_404(Order, pk=pk)
    for line in order.lines.all():
        print(line.product.title, order.coupon.code)
#             ^^^^^^^^^^^^ n-plus-one
#                                 ^^^^^^^^^^^^ !n-plus-one


def custom_queryset_methods():
    for order in Order.objects.with_lines():
        print([line.price for line in order.lines.all()])
#                                     ^^^^^^^^^^^ !n-plus-one


def model_methods_that_query():
    for customer in Customer.objects.all():
        print(customer.order_count(), customer.email)
#             ^^^^^^^^^^^^^^^^^^^^ n-plus-one
    for product in Product.objects.all():
        print(str(product))
#             ^^^^^^^^^^^^ n-plus-one
    for tag in Tag.objects.all():
        print(str(tag))
#             ^^^^^^^^ !n-plus-one


def tree_children():
    for category in Category.objects.filter(parent=None):
        print(category.get_children().count())
#             ^^^^^^^^^^^^^^^^^^^^^ n-plus-one


def reviews_by_name(products):
    # `products` is a parameter: its items are unknown, but `review_set` is a related manager.
    for product in products:
        print(product.review_set.count())
#             ^^^^^^^^^^^^^^^^^^ n-plus-one


def list_built_by_append():
    picked = []
    for line in OrderLine.objects.all():
        picked.append(line)
    return [line.product.title for line in picked]
#           ^^^^^^^^^^^^ n-plus-one


def typed_parameter(orders: list[Order]):
    return [o.coupon.code for o in orders]
#           ^^^^^^^^ n-plus-one


def unknown_model():
    # A model no file of the project defines: only the shape says it is a relation.
    for invoice in Invoice.objects.all():
        print(invoice.buyer.name, invoice.issued.year)
#             ^^^^^^^^^^^^^ n-plus-one
#                                 ^^^^^^^^^^^^^^ !n-plus-one


class OrderListView:
    model = Order

    def get_context_data(self):
        return [o.coupon for o in self.get_queryset()]
#               ^^^^^^^^ n-plus-one
