# fix: n-plus-one
def tag_counts():
    counts = {}
    for post in Post.objects.select_related("author").prefetch_related("tags"):
        counts[post.pk] = post.tags.count()
    return counts
