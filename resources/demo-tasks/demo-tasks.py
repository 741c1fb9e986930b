# Source of demo-tasks.jsonl: the demo task set written for tracetune (MIT, like the app).
# Regenerate with `python3 resources/demo-tasks/demo-tasks.py > resources/demo-tasks/demo-tasks.jsonl`;
# the app itself only reads the JSONL (its Python is Pyodide, never this interpreter).
import json

T = []
def task(id, bug_type, description, buggy, reference, tests):
    T.append({"id": id, "bugType": bug_type, "description": description, "buggyProgram": buggy.strip() + "\n", "reference": reference.strip() + "\n", "tests": tests})

# ---------------------------------------------------------------- missing logic
task("clamp", "missing logic", "Return x limited to the closed interval [lo, hi].", """
def clamp(x, lo, hi):
    if x < lo:
        return lo
    return x
""", """
def clamp(x, lo, hi):
    if x < lo:
        return lo
    if x > hi:
        return hi
    return x
""", ["assert clamp(5, 0, 10) == 5", "assert clamp(-3, 0, 10) == 0", "assert clamp(12, 0, 10) == 10", "assert clamp(10, 0, 10) == 10"])

task("count_vowels", "missing logic", "Count the vowels (a, e, i, o, u) in a string, ignoring case.", """
def count_vowels(text):
    count = 0
    for ch in text:
        if ch in "aeiou":
            count += 1
    return count
""", """
def count_vowels(text):
    count = 0
    for ch in text.lower():
        if ch in "aeiou":
            count += 1
    return count
""", ["assert count_vowels('hello') == 2", "assert count_vowels('') == 0", "assert count_vowels('AEIOU') == 5", "assert count_vowels('Python Is Fun') == 3"])

task("merge_sorted", "missing logic", "Merge two ascending lists into one ascending list.", """
def merge_sorted(a, b):
    result = []
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] <= b[j]:
            result.append(a[i])
            i += 1
        else:
            result.append(b[j])
            j += 1
    result.extend(a[i:])
    return result
""", """
def merge_sorted(a, b):
    result = []
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] <= b[j]:
            result.append(a[i])
            i += 1
        else:
            result.append(b[j])
            j += 1
    result.extend(a[i:])
    result.extend(b[j:])
    return result
""", ["assert merge_sorted([1, 4, 9], [2, 3]) == [1, 2, 3, 4, 9]", "assert merge_sorted([], [1, 2]) == [1, 2]", "assert merge_sorted([5], []) == [5]", "assert merge_sorted([1, 2], [3, 4, 5]) == [1, 2, 3, 4, 5]"])

task("is_palindrome", "missing logic", "Tell whether a phrase reads the same backwards, ignoring case, spaces and punctuation.", """
def is_palindrome(phrase):
    letters = phrase.lower()
    return letters == letters[::-1]
""", """
def is_palindrome(phrase):
    letters = [ch for ch in phrase.lower() if ch.isalnum()]
    return letters == letters[::-1]
""", ["assert is_palindrome('racecar') == True", "assert is_palindrome('A man, a plan, a canal: Panama') == True", "assert is_palindrome('hello') == False", "assert is_palindrome('No lemon, no melon') == True"])

# ---------------------------------------------------------------- excess logic
task("unique_in_order", "excess logic", "Drop consecutive duplicates from a list, keeping the original order.", """
def unique_in_order(items):
    result = []
    for item in items:
        if not result or result[-1] != item:
            result.append(item)
    return sorted(result)
""", """
def unique_in_order(items):
    result = []
    for item in items:
        if not result or result[-1] != item:
            result.append(item)
    return result
""", ["assert unique_in_order([1, 1, 2, 2, 3]) == [1, 2, 3]", "assert unique_in_order([3, 3, 1, 1, 2]) == [3, 1, 2]", "assert unique_in_order([]) == []", "assert unique_in_order(['b', 'a', 'a']) == ['b', 'a']"])

task("word_lengths", "excess logic", "Map each word of a sentence to its length.", """
def word_lengths(sentence):
    lengths = {}
    for word in sentence.split():
        if len(word) < 3:
            continue
        lengths[word] = len(word)
    return lengths
""", """
def word_lengths(sentence):
    lengths = {}
    for word in sentence.split():
        lengths[word] = len(word)
    return lengths
""", ["assert word_lengths('hello world') == {'hello': 5, 'world': 5}", "assert word_lengths('to be or not') == {'to': 2, 'be': 2, 'or': 2, 'not': 3}", "assert word_lengths('') == {}"])

task("sum_digits", "excess logic", "Sum the decimal digits of an integer; the sign is ignored.", """
def sum_digits(n):
    if n < 0:
        return 0
    total = 0
    for digit in str(n):
        total += int(digit)
    return total
""", """
def sum_digits(n):
    total = 0
    for digit in str(abs(n)):
        total += int(digit)
    return total
""", ["assert sum_digits(123) == 6", "assert sum_digits(0) == 0", "assert sum_digits(-45) == 9", "assert sum_digits(9999) == 36"])

task("flatten", "excess logic", "Flatten a list of lists of numbers into one list, in order.", """
def flatten(nested):
    flat = []
    for inner in nested:
        for item in inner:
            if not item:
                continue
            flat.append(item)
    return flat
""", """
def flatten(nested):
    flat = []
    for inner in nested:
        for item in inner:
            flat.append(item)
    return flat
""", ["assert flatten([[1, 2], [3]]) == [1, 2, 3]", "assert flatten([[0, 1], [], [2, 0]]) == [0, 1, 2, 0]", "assert flatten([]) == []"])

# ---------------------------------------------------------------- operator misuse
task("average", "operator misuse", "Return the arithmetic mean of a non-empty list of numbers.", """
def average(numbers):
    return sum(numbers) // len(numbers)
""", """
def average(numbers):
    return sum(numbers) / len(numbers)
""", ["assert average([2, 4]) == 3", "assert average([1, 2]) == 1.5", "assert average([5]) == 5", "assert average([1, 2, 3, 4]) == 2.5"])

task("is_leap_year", "operator misuse", "Tell whether a Gregorian year is a leap year.", """
def is_leap_year(year):
    return year % 4 == 0 or year % 100 != 0 or year % 400 == 0
""", """
def is_leap_year(year):
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
""", ["assert is_leap_year(2024) == True", "assert is_leap_year(1900) == False", "assert is_leap_year(2000) == True", "assert is_leap_year(2023) == False"])

task("binary_search", "operator misuse", "Return the index of target in an ascending list, or -1 when it is absent.", """
def binary_search(items, target):
    lo, hi = 0, len(items) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if items[mid] == target:
            return mid
        if items[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1
""", """
def binary_search(items, target):
    lo, hi = 0, len(items) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if items[mid] == target:
            return mid
        if items[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1
""", ["assert binary_search([1, 3, 5, 7, 9], 5) == 2", "assert binary_search([1, 3, 5, 7, 9], 9) == 4", "assert binary_search([1, 3, 5, 7, 9], 4) == -1", "assert binary_search([4], 4) == 0", "assert binary_search([], 1) == -1"])

task("count_in_range", "operator misuse", "Count the numbers x with lo <= x <= hi (both ends included).", """
def count_in_range(numbers, lo, hi):
    return sum(1 for x in numbers if lo <= x < hi)
""", """
def count_in_range(numbers, lo, hi):
    return sum(1 for x in numbers if lo <= x <= hi)
""", ["assert count_in_range([1, 5, 10], 1, 10) == 3", "assert count_in_range([1, 2, 3], 5, 9) == 0", "assert count_in_range([2, 4, 6], 3, 5) == 1"])

# ---------------------------------------------------------------- variable misuse
task("dot_product", "variable misuse", "Return the dot product of two equal-length vectors.", """
def dot_product(a, b):
    total = 0
    for i in range(len(a)):
        total += a[i] * a[i]
    return total
""", """
def dot_product(a, b):
    total = 0
    for i in range(len(a)):
        total += a[i] * b[i]
    return total
""", ["assert dot_product([1, 2, 3], [4, 5, 6]) == 32", "assert dot_product([0, 0], [1, 1]) == 0", "assert dot_product([2], [3]) == 6"])

task("transpose", "variable misuse", "Transpose a rectangular matrix given as a list of rows.", """
def transpose(matrix):
    rows, cols = len(matrix), len(matrix[0])
    return [[matrix[r][c] for r in range(rows)] for c in range(rows)]
""", """
def transpose(matrix):
    rows, cols = len(matrix), len(matrix[0])
    return [[matrix[r][c] for r in range(rows)] for c in range(cols)]
""", ["assert transpose([[1, 2], [3, 4]]) == [[1, 3], [2, 4]]", "assert transpose([[1, 2, 3], [4, 5, 6]]) == [[1, 4], [2, 5], [3, 6]]", "assert transpose([[7]]) == [[7]]"])

task("second_largest", "variable misuse", "Return the second largest distinct value of a list with at least two distinct values.", """
def second_largest(numbers):
    first = second = None
    for x in numbers:
        if first is None or x > first:
            first, second = x, first
        elif x != first and (second is None or x > second):
            second = x
    return first
""", """
def second_largest(numbers):
    first = second = None
    for x in numbers:
        if first is None or x > first:
            first, second = x, first
        elif x != first and (second is None or x > second):
            second = x
    return second
""", ["assert second_largest([3, 1, 4, 1, 5]) == 4", "assert second_largest([10, 10, 9]) == 9", "assert second_largest([-1, -2]) == -2"])

task("most_common_char", "variable misuse", "Return the character that occurs most often in a non-empty string (the first one on ties).", """
def most_common_char(text):
    counts = {}
    for ch in text:
        counts[ch] = counts.get(ch, 0) + 1
    best_char, best_count = None, 0
    for ch in text:
        if counts[ch] > best_count:
            best_char, best_count = ch, counts[ch]
    return best_count
""", """
def most_common_char(text):
    counts = {}
    for ch in text:
        counts[ch] = counts.get(ch, 0) + 1
    best_char, best_count = None, 0
    for ch in text:
        if counts[ch] > best_count:
            best_char, best_count = ch, counts[ch]
    return best_char
""", ["assert most_common_char('banana') == 'a'", "assert most_common_char('abc') == 'a'", "assert most_common_char('mississippi') == 'i'"])

# ---------------------------------------------------------------- value misuse
task("fizzbuzz", "value misuse", "Return 'Fizz' for multiples of 3, 'Buzz' for multiples of 5, 'FizzBuzz' for both, else the number as a string.", """
def fizzbuzz(n):
    if n % 10 == 0:
        return "FizzBuzz"
    if n % 3 == 0:
        return "Fizz"
    if n % 5 == 0:
        return "Buzz"
    return str(n)
""", """
def fizzbuzz(n):
    if n % 15 == 0:
        return "FizzBuzz"
    if n % 3 == 0:
        return "Fizz"
    if n % 5 == 0:
        return "Buzz"
    return str(n)
""", ["assert fizzbuzz(3) == 'Fizz'", "assert fizzbuzz(5) == 'Buzz'", "assert fizzbuzz(15) == 'FizzBuzz'", "assert fizzbuzz(10) == 'Buzz'", "assert fizzbuzz(7) == '7'"])

task("factorial", "value misuse", "Return n! for a non-negative integer n.", """
def factorial(n):
    result = 0
    for k in range(2, n + 1):
        result *= k
    return result
""", """
def factorial(n):
    result = 1
    for k in range(2, n + 1):
        result *= k
    return result
""", ["assert factorial(0) == 1", "assert factorial(1) == 1", "assert factorial(5) == 120", "assert factorial(10) == 3628800"])

task("last_index_of", "value misuse", "Return the index of the last occurrence of x in a list, or -1 when x does not occur.", """
def last_index_of(items, x):
    for i in range(len(items) - 1, -1, -1):
        if items[i] == x:
            return i
    return 0
""", """
def last_index_of(items, x):
    for i in range(len(items) - 1, -1, -1):
        if items[i] == x:
            return i
    return -1
""", ["assert last_index_of([1, 2, 1], 1) == 2", "assert last_index_of([1, 2, 3], 4) == -1", "assert last_index_of([], 0) == -1", "assert last_index_of([5, 6], 5) == 0"])

task("celsius_to_fahrenheit", "value misuse", "Convert a temperature from degrees Celsius to degrees Fahrenheit.", """
def celsius_to_fahrenheit(celsius):
    return celsius * 9 / 5 + 23
""", """
def celsius_to_fahrenheit(celsius):
    return celsius * 9 / 5 + 32
""", ["assert celsius_to_fahrenheit(0) == 32", "assert celsius_to_fahrenheit(100) == 212", "assert celsius_to_fahrenheit(-40) == -40"])

# ---------------------------------------------------------------- function misuse
task("median", "function misuse", "Return the median of a non-empty list of numbers without changing the list.", """
def median(numbers):
    ordered = numbers.sort()
    mid = len(numbers) // 2
    if len(numbers) % 2 == 1:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2
""", """
def median(numbers):
    ordered = sorted(numbers)
    mid = len(numbers) // 2
    if len(numbers) % 2 == 1:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2
""", ["assert median([3, 1, 2]) == 2", "assert median([4, 1, 3, 2]) == 2.5", "assert median([7]) == 7"])

task("strip_punctuation", "function misuse", "Remove every '.', ',', '!' and '?' from a string.", """
def strip_punctuation(text):
    return text.strip(".,!?")
""", """
def strip_punctuation(text):
    for mark in ".,!?":
        text = text.replace(mark, "")
    return text
""", ["assert strip_punctuation('Hello, world!') == 'Hello world'", "assert strip_punctuation('...') == ''", "assert strip_punctuation('a.b,c') == 'abc'", "assert strip_punctuation('plain') == 'plain'"])

task("first_position", "function misuse", "Return the index of the first occurrence of sub in text, or -1 when it does not occur.", """
def first_position(text, sub):
    return text.index(sub)
""", """
def first_position(text, sub):
    return text.find(sub)
""", ["assert first_position('hello', 'l') == 2", "assert first_position('hello', 'z') == -1", "assert first_position('abcabc', 'cab') == 2"])

task("title_case", "function misuse", "Capitalise the first letter of each word and lower-case the rest.", """
def title_case(sentence):
    return " ".join(word.upper() for word in sentence.split())
""", """
def title_case(sentence):
    return " ".join(word.capitalize() for word in sentence.split())
""", ["assert title_case('hello world') == 'Hello World'", "assert title_case('PYTHON rocks') == 'Python Rocks'", "assert title_case('a') == 'A'"])

for t in T:
    print(json.dumps(t))
