def show(rows):
    width = max(len(r) for r in rows)
    for r in rows:
        print(r.ljust(width) + "|")
    return width
