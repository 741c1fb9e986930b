def shout(name):
    greeting = "héllo, " + name + " 👋"
    upper = greeting.upper()
    letters = {}
    for ch in name:
        letters[ch] = letters.get(ch, 0) + 1
    return upper, letters
