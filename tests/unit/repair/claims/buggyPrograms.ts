/**
 * Small buggy programs and the failing test call of each, for the claim-checking tests. Each call is traced
 * by the real sandbox in the test; the rationales in labelledRationales.ts were written against those traces.
 */
export interface BuggyProgram {
  id: string;
  entryPoint: string;
  program: string;
  /** The first failing test's call (what the prompt's trace shows). */
  call: string;
  /** Trace limits for this call (the runaway loop is cut short on purpose). */
  timeoutMs?: number;
}

const lines = (...source: string[]) => source.join("\n") + "\n";

export const buggyPrograms: BuggyProgram[] = [
  {
    id: "total", entryPoint: "total", call: "total([1, 2, 3])",
    program: lines(
      "def total(xs):",
      "    s = 0",
      "    for i in range(len(xs) - 1):",
      "        s += xs[i]",
      "    return s",
    ),
  },
  {
    id: "take", entryPoint: "take", call: "take([5, 6, 7], 3)",
    program: lines(
      "def take(xs, n):",
      "    out = []",
      "    for i in range(n + 1):",
      "        out.append(xs[i])",
      "    return out",
    ),
  },
  {
    id: "count_neg", entryPoint: "count_neg", call: "count_neg([-1, 0, 2, -3])",
    program: lines(
      "def count_neg(xs):",
      "    count = 0",
      "    for x in xs:",
      "        if x <= 0:",
      "            count += 1",
      "    return count",
    ),
  },
  {
    id: "search", entryPoint: "search", call: "search([1, 3, 5, 7], 7)",
    program: lines(
      "def search(xs, target):",
      "    lo = 0",
      "    hi = len(xs) - 1",
      "    while lo < hi:",
      "        mid = (lo + hi) // 2",
      "        if xs[mid] == target:",
      "            return mid",
      "        if xs[mid] < target:",
      "            lo = mid + 1",
      "        else:",
      "            hi = mid - 1",
      "    return -1",
    ),
  },
  {
    id: "fact", entryPoint: "fact", call: "fact(3)",
    program: lines(
      "def fact(n):",
      "    if n == 0:",
      "        return 0",
      "    return n * fact(n - 1)",
    ),
  },
  {
    id: "is_palindrome", entryPoint: "is_palindrome", call: "is_palindrome('abba')",
    program: lines(
      "def is_palindrome(s):",
      "    for i in range(len(s) // 2):",
      "        if s[i] != s[-i]:",
      "            return False",
      "    return True",
    ),
  },
  {
    id: "max_of", entryPoint: "max_of", call: "max_of([-5, -2, -9])",
    program: lines(
      "def max_of(xs):",
      "    best = 0",
      "    for x in xs:",
      "        if x > best:",
      "            best = x",
      "    return best",
    ),
  },
  {
    id: "count_words", entryPoint: "count_words", call: "count_words('a b a')",
    program: lines(
      "def count_words(text):",
      "    counts = {}",
      "    for word in text.split():",
      "        if word in counts:",
      "            counts[word] = 1",
      "        else:",
      "            counts[word] = 1",
      "    return counts",
    ),
  },
  {
    id: "average", entryPoint: "average", call: "average([2, 4, 6])",
    program: lines(
      "def average(xs):",
      "    total = 0",
      "    for x in xs:",
      "        total += x",
      "    return total / (len(xs) - 1)",
    ),
  },
  {
    id: "count_pairs", entryPoint: "count_pairs", call: "count_pairs([1, 2, 3], 4)",
    program: lines(
      "def count_pairs(xs, target):",
      "    count = 0",
      "    for i in range(len(xs)):",
      "        for j in range(i, len(xs)):",
      "            if xs[i] + xs[j] == target:",
      "                count += 1",
      "    return count",
    ),
  },
  {
    id: "sum_squares", entryPoint: "sum_squares", call: "sum_squares(3)",
    program: lines(
      "def square(x):",
      "    return x * x",
      "",
      "",
      "def sum_squares(n):",
      "    total = 0",
      "    for k in range(1, n):",
      "        total += square(k)",
      "    return total",
    ),
  },
  {
    id: "countdown", entryPoint: "countdown", call: "countdown(3)", timeoutMs: 300,
    program: lines(
      "def countdown(n):",
      "    steps = 0",
      "    while n != 0:",
      "        n -= 2",
      "        steps += 1",
      "    return steps",
    ),
  },
];
