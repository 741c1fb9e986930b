def average(values):
    return sum(values) / len(values)


def report(groups):
    lines = []
    for name, values in groups.items():
        avg = average(values)
        lines.append(f"{name}: {avg:.1f}")
    return "\n".join(lines)
