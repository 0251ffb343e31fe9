# request: hover
def numbers(limit):
    for n in range(limit):
        yi$0eld n
