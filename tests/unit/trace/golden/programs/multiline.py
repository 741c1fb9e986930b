def describe(items):
    """Describe items.

    The docstring spans lines, and so do some statements.
    """
    summary = {
        "count": len(items),
        "first": items[0] if items else None,
    }
    label = ("many" if len(items) > 2
             else "few")
    note = """a
multi-line string"""
    return summary, label, note
