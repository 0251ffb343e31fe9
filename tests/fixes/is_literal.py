# fix: is-literal-comparison
def status_label(order):
    if order.status is not "paid":
        return "pending"
    return "paid"
