def evens(limit):
    n = 0
    while n < limit:
        if n % 2 == 0:
            yield n
        n += 1


def total_evens(limit):
    result = 0
    for value in evens(limit):
        result += value
    return result
