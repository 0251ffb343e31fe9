# request: hover
def numbers(limit):
    for n in range(limit):
        label = "🔢"; yi$0eld n
