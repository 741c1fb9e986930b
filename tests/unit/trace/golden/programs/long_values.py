def build(n):
    words = []
    text = ""
    for i in range(n):
        words.append("word%d" % i)
        text += "abcdefghij"
    squares = [i * i for i in range(n * 3)]
    return len(text), words[-1], squares
