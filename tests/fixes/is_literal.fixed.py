# fix: is-literal-comparison
def status_label(order):
    if order.status != "paid":
        return "pending"
    return "paid"
