# fix: debugger
def refund(order):
    if order.total > 1000:
        pass
    return order.total
