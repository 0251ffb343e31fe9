# request: hover
def tag(order="🏷️", tags=[$0]):
    tags.append(order)
    return tags
