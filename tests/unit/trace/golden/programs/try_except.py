def parse_all(texts):
    numbers = []
    errors = 0
    for text in texts:
        try:
            numbers.append(int(text))
        except ValueError:
            errors += 1
    assert errors == 0, f"{errors} bad values"
    return numbers
