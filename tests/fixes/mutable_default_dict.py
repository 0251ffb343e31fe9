# fix: mutable-default-argument
class Cart:
    def add(self, item, options={}):
        # options tweak the price
        options.setdefault("qty", 1)
        return item, options
