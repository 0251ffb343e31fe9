# fix: debugger
def refund(order):
    amount = order.total
    return amount
