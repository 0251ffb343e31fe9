# fix: mutable-default-argument
def add_tags(product, tags: list[str] = []):
    """Attach tags to a product."""
    tags.append(product.slug)
    return tags
