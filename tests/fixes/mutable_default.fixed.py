# fix: mutable-default-argument
def add_tags(product, tags: list[str] | None = None):
    """Attach tags to a product."""
    if tags is None:
        tags = []
    tags.append(product.slug)
    return tags
