# fix: mutable-default-argument
class Cart:
    def add(self, item, options=None):
        # options tweak the price
        if options is None:
            options = {}
        options.setdefault("qty", 1)
        return item, options
