# fix: debugger
def refund(order):
    amount = order.total
    breakpoint()
    return amount
