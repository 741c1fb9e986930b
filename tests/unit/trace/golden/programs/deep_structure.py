def nest(depth):
    tree = {"leaf": [1, 2, 3]}
    for level in range(depth):
        tree = {"level": level, "child": tree, "tags": ("a", "b")}
    node = tree
    while "child" in node:
        node = node["child"]
    return node["leaf"]
