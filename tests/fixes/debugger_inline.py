# fix: debugger
def refund(order):
    if order.total > 1000:
        import pdb; pdb.set_trace()
    return order.total
