import type { ClaimKind } from "../../../../native/repair/claims/checkClaims.js";

/**
 * Hand-written, model-like rationales about the programs in buggyPrograms.ts (correct, hedged, partly
 * wrong, wrong), each with the claims a careful reader finds in it and how they fare against the real
 * trace of the buggy run. Labels are a human's judgement of the claim, not of what the checker can do:
 * "none" marks text that makes no claim about the buggy run (hedged, about the fix, about the expected
 * output); a claim the trace cannot settle is "unverifiable". "When `i` is 3, …" about a local variable
 * claims that `i` gets to 3 in this run.
 *
 * A label is [quote, kind, status]: the checker's claim matches when its text contains the quote and its
 * kind is the same.
 */
export type LabelStatus = "confirmed" | "contradicted" | "unverifiable" | "none";
export type Label = [quote: string, kind: ClaimKind, status: LabelStatus];

export interface LabelledRationale {
  program: string;
  /** Written and labelled after the checker's first version was done (a set it was not tuned on at first). */
  isLater?: true;
  text: string;
  labels: Label[];
}

export const labelledRationales: LabelledRationale[] = [
  // total([1, 2, 3]): s 0 → 1 → 3, i 0, 1; the loop runs twice; returns 3.
  {
    program: "total",
    text: "The loop iterates over `range(len(xs) - 1)`, which for `[1, 2, 3]` is `range(2)`, so the loop only runs 2 times. After the first iteration `s` is 1 and after the second iteration `s` is 3. The last element is never added, so the function returns 3 instead of 6.",
    labels: [["loop only runs 2 times", "loop_count", "confirmed"], ["After the first iteration `s` is 1", "value", "confirmed"], ["after the second iteration `s` is 3", "value", "confirmed"], ["returns 3", "return", "confirmed"]],
  },
  {
    program: "total",
    text: "`range(len(xs) - 1)` gives 0, 1, 2, so the loop runs 3 times and `i` reaches 2. At the end `s` is 6, yet the function returns 3.",
    labels: [["the loop runs 3 times", "loop_count", "contradicted"], ["`i` reaches 2", "value", "contradicted"], ["`s` is 6", "value", "contradicted"], ["returns 3", "return", "confirmed"]],
  },
  {
    program: "total",
    text: "The bug is probably in the range: it might stop one element early. The expected output is 6, and the fixed loop should run 3 times. If `xs` were empty the function would return 0.",
    labels: [["stop one element early", "loop_count", "none"], ["should run 3 times", "loop_count", "none"], ["would return 0", "return", "none"], ["expected output is 6", "return", "none"]],
  },
  {
    program: "total",
    text: "Tracing `total([1, 2, 3])`: `s` starts at 0. In the first iteration `i` is 0 and `s` becomes 1. In the second iteration `i` is 1 and `s` becomes 2. The loop ends and `total` returns 3.",
    labels: [["`s` starts at 0", "value", "confirmed"], ["`i` is 0", "value", "confirmed"], ["`s` becomes 1", "value", "confirmed"], ["`i` is 1", "value", "confirmed"], ["`s` becomes 2", "value", "contradicted"], ["`total` returns 3", "return", "confirmed"]],
  },
  {
    program: "total",
    text: "For a shorter input, `total([1, 2])` returns 1 and `total([5])` returns 0, which shows the last element is always skipped. With `[1, 2, 3]` the result is 3.",
    labels: [["`total([1, 2])` returns 1", "return", "confirmed"], ["`total([5])` returns 0", "return", "confirmed"], ["the result is 3", "return", "confirmed"]],
  },
  {
    program: "total",
    text: "The function crashes with an IndexError at line 4 because `i` goes past the end of the list. `s` is never updated.",
    labels: [["IndexError at line 4", "exception", "contradicted"]],
  },
  {
    program: "total",
    text: "Trace summary:\n- `s = 0` initially\n- iteration 1: `i=0, s=1`\n- iteration 2: `i=1, s=3`\n- the loop stops, so `total` returns 3\n\n## Fix\nUse `range(len(xs))` so the loop runs 3 times and returns 6.",
    labels: [["`s = 0`", "value", "confirmed"], ["`i=0, s=1`", "value", "confirmed"], ["`i=1, s=3`", "value", "confirmed"], ["`total` returns 3", "return", "confirmed"], ["loop runs 3 times", "loop_count", "none"], ["returns 6", "return", "none"]],
  },
  {
    program: "total",
    text: "`total([4, 5])` returns 9, so the bug only shows up for longer lists.",
    labels: [["`total([4, 5])` returns 9", "return", "contradicted"]],
  },

  // take([5, 6, 7], 3): i 0..3, out [] → [5, 6, 7]; IndexError at line 4 on the fourth pass.
  {
    program: "take",
    text: "`range(n + 1)` makes `i` go up to 3, but `xs` has only 3 elements. When `i` is 3, `xs[i]` raises an IndexError at line 4. Before the crash, `out` is [5, 6, 7].",
    labels: [["`i` go up to 3", "value", "confirmed"], ["When `i` is 3", "value", "confirmed"], ["raises an IndexError at line 4", "exception", "confirmed"], ["`out` is [5, 6, 7]", "value", "confirmed"]],
  },
  {
    program: "take",
    text: "The loop runs 3 times and then `take` returns [5, 6, 7]. The problem is that the last element is duplicated.",
    labels: [["The loop runs 3 times", "loop_count", "contradicted"], ["`take` returns [5, 6, 7]", "return", "contradicted"]],
  },
  {
    program: "take",
    text: "I think the loop probably goes one step too far. `n` is 3, so `range(n + 1)` yields 0 to 3. The function should return [5, 6, 7] but it raises IndexError.",
    labels: [["`n` is 3", "value", "confirmed"], ["should return [5, 6, 7]", "return", "none"], ["it raises IndexError", "exception", "confirmed"]],
  },
  {
    program: "take",
    text: "Line 4 runs 4 times; on the fourth run `i` is 3 and the list index is out of range. Line 5 is never executed.",
    labels: [["Line 4 runs 4 times", "line_count", "confirmed"], ["`i` is 3", "value", "confirmed"], ["Line 5 is never executed", "line_count", "confirmed"]],
  },
  {
    program: "take",
    text: "`out` ends up as [5, 6] and `i` only goes up to 2 before the loop stops. There is no exception; the function just returns a shorter list.",
    labels: [["`out` ends up as [5, 6]", "value", "contradicted"], ["`i` only goes up to 2", "value", "contradicted"], ["There is no exception", "no_exception", "contradicted"]],
  },
  {
    program: "take",
    text: "At state (9) `i` is 3 and `out` is [5, 6, 7]; the next access `xs[3]` raises IndexError: list index out of range.",
    labels: [["`i` is 3", "value", "confirmed"], ["`out` is [5, 6, 7]", "value", "confirmed"], ["raises IndexError", "exception", "confirmed"]],
  },

  // count_neg([-1, 0, 2, -3]): x -1, 0, 2, -3; count 0 → 3; line 5 runs 3 times; returns 3.
  {
    program: "count_neg",
    text: "Because the condition is `x <= 0`, zero is counted as negative. The loop runs 4 times, `count` is incremented for -1, 0 and -3, and the function returns 3 instead of 2.",
    labels: [["The loop runs 4 times", "loop_count", "confirmed"], ["returns 3", "return", "confirmed"]],
  },
  {
    program: "count_neg",
    text: "After the second iteration `count` is 2, since `x` was 0 in that iteration. After the third iteration `count` is 3.",
    labels: [["`count` is 2", "value", "confirmed"], ["`x` was 0", "value", "confirmed"], ["After the third iteration `count` is 3", "value", "contradicted"]],
  },
  {
    program: "count_neg",
    text: "`count` ends at 4 because every element passes the check, and line 5 runs 4 times.",
    labels: [["`count` ends at 4", "value", "contradicted"], ["line 5 runs 4 times", "line_count", "contradicted"]],
  },
  {
    program: "count_neg",
    text: "The function may be counting zeros. If the input were [-1, -3] the answer would be 2. In this run `x` takes the value 2 once and `count` is never greater than 3.",
    labels: [["answer would be 2", "return", "none"], ["`x` takes the value 2", "value", "confirmed"], ["`count` is never greater than 3", "always", "confirmed"]],
  },
  {
    program: "count_neg",
    text: "`count` is never negative, and `x` is always negative.",
    labels: [["`count` is never negative", "always", "confirmed"], ["`x` is always negative", "always", "contradicted"]],
  },
  {
    program: "count_neg",
    text: "Line 5 would run only twice with `x < 0`, and `count` would be 2.",
    labels: [["Line 5 would run only twice", "line_count", "none"], ["`count` would be 2", "value", "none"]],
  },

  // search([1, 3, 5, 7], 7): lo 0 → 2 → 3, hi 3, mid 1, 2; two iterations; returns -1.
  {
    program: "search",
    text: "With `lo = 0` and `hi = 3`, the first iteration computes `mid = 1`; since 3 < 7, `lo` becomes 2. In the second iteration `mid` is 2 and `lo` becomes 3. Now `lo < hi` is false (3 < 3), so the loop exits without checking index 3 and the function returns -1.",
    labels: [["`lo = 0`", "value", "confirmed"], ["`hi = 3`", "value", "confirmed"], ["`mid = 1`", "value", "confirmed"], ["`lo` becomes 2", "value", "confirmed"], ["`mid` is 2", "value", "confirmed"], ["`lo` becomes 3", "value", "confirmed"], ["returns -1", "return", "confirmed"]],
  },
  {
    program: "search",
    text: "The loop runs 3 times: `mid` takes 1, 2 and then 3, and on the third iteration `xs[mid]` equals 7 so it returns 3.",
    labels: [["The loop runs 3 times", "loop_count", "contradicted"], ["`xs[mid]` equals 7", "value", "unverifiable"], ["it returns 3", "return", "contradicted"]],
  },
  {
    program: "search",
    text: "Perhaps the condition should be `lo <= hi`. Then the loop would run a third time with `mid = 3` and find the target.",
    labels: [["`mid = 3`", "value", "none"]],
  },
  {
    program: "search",
    text: "Line 7 is never executed because `xs[mid]` is never equal to 7 inside the loop. Line 11 is never reached either, since `hi` stays 3.",
    labels: [["Line 7 is never executed", "line_count", "confirmed"], ["`xs[mid]` is never equal to 7", "always", "unverifiable"], ["Line 11 is never reached", "line_count", "confirmed"], ["`hi` stays 3", "value", "confirmed"]],
  },
  {
    program: "search",
    text: "`hi` is 3 throughout, and after the loop `lo` is 2.",
    labels: [["`hi` is 3", "value", "confirmed"], ["after the loop `lo` is 2", "value", "contradicted"]],
  },
  {
    program: "search",
    text: "1. `lo` starts at 0 and `hi` at 3.\n2. `mid` is 1, then 2.\n3. The loop runs twice and exits with `lo` equal to 3.\n4. The function returns -1 although 7 is at index 3.\n\nFix: change `while lo < hi` to `while lo <= hi`.",
    labels: [["`lo` starts at 0", "value", "confirmed"], ["`mid` is 1", "value", "confirmed"], ["The loop runs twice", "loop_count", "confirmed"], ["returns -1", "return", "confirmed"]],
  },

  // fact(3): n 3, 2, 1, 0 in four frames; the base case returns 0; fact(3) returns 0.
  {
    program: "fact",
    text: "The base case returns 0 instead of 1, so `fact(0)` returns 0 and every product is multiplied by 0. `fact(1)` returns 0 too, and the final result is 0.",
    labels: [["`fact(0)` returns 0", "return", "confirmed"], ["`fact(1)` returns 0", "return", "confirmed"], ["the final result is 0", "return", "confirmed"]],
  },
  {
    program: "fact",
    text: "`n` goes down to 1 and the recursion stops there, returning 1. Then `fact(3)` returns 6.",
    labels: [["returning 1", "return", "contradicted"], ["`fact(3)` returns 6", "return", "contradicted"]],
  },
  {
    program: "fact",
    text: "`n` takes the value 0 in the deepest call, where line 3 runs once. `fact` returns 0 at every level.",
    labels: [["`n` takes the value 0", "value", "confirmed"], ["line 3 runs once", "line_count", "confirmed"], ["`fact` returns 0", "return", "confirmed"]],
  },
  {
    program: "fact",
    text: "The function should return 6 for 3. A correct base case would return 1.",
    labels: [["should return 6", "return", "none"], ["would return 1", "return", "none"]],
  },
  {
    program: "fact",
    text: "`fact(3)` raises a RecursionError because the base case is never reached.",
    labels: [["raises a RecursionError", "exception", "contradicted"]],
  },
  {
    program: "fact",
    text: "The recursion reaches `n = 0`, and line 4 is never executed for that call.",
    labels: [["`n = 0`", "value", "confirmed"], ["line 4 is never executed for that call", "line_count", "confirmed"]],
  },

  // is_palindrome('abba'): i 0, 1; returns False at line 4 in the second iteration.
  {
    program: "is_palindrome",
    text: "`s[-i]` is wrong: for `i = 0` it compares `s[0]` with itself. In the second iteration `i` is 1, `s[1]` is 'b' but `s[-1]` is 'a', so the function returns False at line 4.",
    labels: [["`i = 0`", "value", "confirmed"], ["`i` is 1", "value", "confirmed"], ["`s[1]` is 'b'", "value", "unverifiable"], ["`s[-1]` is 'a'", "value", "unverifiable"], ["returns False", "return", "confirmed"]],
  },
  {
    program: "is_palindrome",
    text: "The loop runs only once and `is_palindrome` returns True.",
    labels: [["The loop runs only once", "loop_count", "contradicted"], ["`is_palindrome` returns True", "return", "contradicted"]],
  },
  {
    program: "is_palindrome",
    text: "Line 5 is never reached; the function exits early from line 4.",
    labels: [["Line 5 is never reached", "line_count", "confirmed"]],
  },
  {
    program: "is_palindrome",
    text: "To fix this, compare `s[i]` with `s[-i - 1]`. After the change, the loop runs 2 times and returns True.",
    labels: [["the loop runs 2 times", "loop_count", "none"], ["returns True", "return", "none"]],
  },
  {
    program: "is_palindrome",
    text: "`is_palindrome('aa')` returns True, but `is_palindrome('abba')` returns False because of the `s[-i]` index.",
    labels: [["`is_palindrome('aa')` returns True", "return", "confirmed"], ["`is_palindrome('abba')` returns False", "return", "confirmed"]],
  },

  // max_of([-5, -2, -9]): best stays 0, x -5, -2, -9; line 5 never runs; returns 0.
  {
    program: "max_of",
    text: "`best` starts at 0, and since every element is negative, `x > best` is never true, so line 5 is never executed. `best` stays 0 and the function returns 0 instead of -2.",
    labels: [["`best` starts at 0", "value", "confirmed"], ["line 5 is never executed", "line_count", "confirmed"], ["`best` stays 0", "value", "confirmed"], ["returns 0", "return", "confirmed"]],
  },
  {
    program: "max_of",
    text: "In the second iteration `best` becomes -2, and at the end `best` is -2, but the function returns 0.",
    labels: [["`best` becomes -2", "value", "contradicted"], ["at the end `best` is -2", "value", "contradicted"], ["the function returns 0", "return", "confirmed"]],
  },
  {
    program: "max_of",
    text: "`best` is never negative, `x` is always negative, and the loop runs 3 times.",
    labels: [["`best` is never negative", "always", "confirmed"], ["`x` is always negative", "always", "confirmed"], ["the loop runs 3 times", "loop_count", "confirmed"]],
  },
  {
    program: "max_of",
    text: "If `xs` contained a positive number, `best` would be updated. The correct initial value is probably `xs[0]`.",
    labels: [["`best` would be updated", "value", "none"]],
  },
  {
    program: "max_of",
    text: "After the first iteration `best` is -5 and `x` is -5. The function returns -5.",
    labels: [["`best` is -5", "value", "contradicted"], ["`x` is -5", "value", "confirmed"], ["returns -5", "return", "contradicted"]],
  },
  {
    program: "max_of",
    text: "The loop runs 2 times; in the last iteration `x` is -9.",
    labels: [["The loop runs 2 times", "loop_count", "contradicted"], ["in the last iteration `x` is -9", "value", "confirmed"]],
  },

  // count_words('a b a'): counts {} → {'a': 1} → {'a': 1, 'b': 1}; line 5 once, line 7 twice.
  {
    program: "count_words",
    text: "When `word` is 'a' the second time, line 5 sets `counts['a']` to 1 again instead of incrementing it. The function returns {'a': 1, 'b': 1}.",
    labels: [["When `word` is 'a'", "value", "confirmed"], ["returns {'a': 1, 'b': 1}", "return", "confirmed"]],
  },
  {
    program: "count_words",
    text: "`counts` ends up as {'a': 2, 'b': 1}, and the loop runs 2 times.",
    labels: [["`counts` ends up as {'a': 2, 'b': 1}", "value", "contradicted"], ["the loop runs 2 times", "loop_count", "contradicted"]],
  },
  {
    program: "count_words",
    text: "Line 5 runs once and line 7 runs twice; after the second iteration `counts` is {'a': 1, 'b': 1}.",
    labels: [["Line 5 runs once", "line_count", "confirmed"], ["line 7 runs twice", "line_count", "confirmed"], ["`counts` is {'a': 1, 'b': 1}", "value", "confirmed"]],
  },
  {
    program: "count_words",
    text: "The second 'a' should make the count 2. Maybe the branches were swapped by mistake; the expected result is {'a': 2, 'b': 1}.",
    labels: [["the expected result is {'a': 2, 'b': 1}", "return", "none"]],
  },
  {
    program: "count_words",
    text: "`word` takes the value 'b' in the second iteration and `text` is 'a b a'.",
    labels: [["`word` takes the value 'b'", "value", "confirmed"], ["`text` is 'a b a'", "value", "confirmed"]],
  },
  {
    program: "count_words",
    text: "The loop body runs 3 times; in the third iteration `word` is 'b'.",
    labels: [["The loop body runs 3 times", "loop_count", "confirmed"], ["in the third iteration `word` is 'b'", "value", "contradicted"]],
  },
  {
    program: "count_words",
    text: "`counts['a']` is 1 after the third iteration, and `counts` never has more than 2 keys.",
    labels: [["`counts['a']` is 1", "value", "unverifiable"]],
  },

  // average([2, 4, 6]): total 0 → 12; divided by 2; returns 6.0.
  {
    program: "average",
    text: "`total` reaches 12 after the loop, but it is divided by `len(xs) - 1`, which is 2, so the function returns 6.0 instead of 4.0.",
    labels: [["`total` reaches 12", "value", "confirmed"], ["returns 6.0", "return", "confirmed"]],
  },
  {
    program: "average",
    text: "The function returns 6 because 12 / 2 = 6. After the second iteration `total` is 6.",
    labels: [["returns 6", "return", "confirmed"], ["After the second iteration `total` is 6", "value", "confirmed"]],
  },
  {
    program: "average",
    text: "`total` is 10 at the end and the function returns 5.0.",
    labels: [["`total` is 10", "value", "contradicted"], ["returns 5.0", "return", "contradicted"]],
  },
  {
    program: "average",
    text: "It should divide by `len(xs)`, giving 4.0. The test expects 4.0.",
    labels: [["giving 4.0", "return", "none"], ["expects 4.0", "return", "none"]],
  },
  {
    program: "average",
    text: "Dividing by `len(xs) - 1` raises a ZeroDivisionError on line 5.",
    labels: [["raises a ZeroDivisionError", "exception", "contradicted"]],
  },
  {
    program: "average",
    text: "`total / (len(xs) - 1)` is 6.0, and `total` is 12 at the end.",
    labels: [["`total` is 12 at the end", "value", "confirmed"]],
  },

  // count_pairs([1, 2, 3], 4): nested loops; (0, 2) and (1, 1) counted; returns 2.
  {
    program: "count_pairs",
    text: "`j` starts at `i`, so the pair (1, 1) with `i = 1` and `j = 1` is counted: 2 + 2 == 4. `count` ends up as 2 and the function returns 2 instead of 1.",
    labels: [["`i = 1`", "value", "confirmed"], ["`j = 1`", "value", "confirmed"], ["`count` ends up as 2", "value", "confirmed"], ["returns 2", "return", "confirmed"]],
  },
  {
    program: "count_pairs",
    text: "The loop runs 3 times and the inner loop runs 2 times in the second iteration.",
    labels: [["The loop runs 3 times", "loop_count", "confirmed"], ["the inner loop runs 2 times", "loop_count", "confirmed"]],
  },
  {
    program: "count_pairs",
    text: "`count` reaches 3 because (0, 2), (1, 1) and (2, 1) all sum to 4.",
    labels: [["`count` reaches 3", "value", "contradicted"]],
  },
  {
    program: "count_pairs",
    text: "Using `range(i + 1, len(xs))` would skip pairing an element with itself, and the count would be 1.",
    labels: [["the count would be 1", "value", "none"]],
  },
  {
    program: "count_pairs",
    text: "After the first iteration of the outer loop `count` is 1.",
    labels: [["`count` is 1", "value", "confirmed"]],
  },

  // sum_squares(3): k 1, 2; square returns 1 then 4; total 0 → 1 → 5; returns 5.
  {
    program: "sum_squares",
    text: "`range(1, n)` stops at 2, so `k` only reaches 2 and `square(3)` is never called. `total` is 1 after the first iteration and 5 after the second, and `sum_squares` returns 5 instead of 14.",
    labels: [["`k` only reaches 2", "value", "confirmed"], ["`total` is 1 after the first iteration", "value", "confirmed"], ["`sum_squares` returns 5", "return", "confirmed"]],
  },
  {
    program: "sum_squares",
    text: "`square` returns 1 and then 4. `square(2)` returns 4, which is right, but `total` ends at 5.",
    labels: [["`square` returns 1", "return", "confirmed"], ["`square(2)` returns 4", "return", "confirmed"], ["`total` ends at 5", "value", "confirmed"]],
  },
  {
    program: "sum_squares",
    text: "`k` takes the values 1, 2 and 3, so `square` is called 3 times and `total` ends up as 14.",
    labels: [["`k` takes the values 1, 2 and 3", "value", "contradicted"], ["`total` ends up as 14", "value", "contradicted"]],
  },
  {
    program: "sum_squares",
    text: "`sum_squares(3)` should return 1 + 4 + 9 = 14; the loop needs to include `n`.",
    labels: [["should return 1 + 4 + 9 = 14", "return", "none"]],
  },
  {
    program: "sum_squares",
    text: "No exception is raised; `sum_squares(3)` simply returns 5 after the loop runs twice.",
    labels: [["No exception is raised", "no_exception", "confirmed"], ["returns 5", "return", "confirmed"], ["the loop runs twice", "loop_count", "confirmed"]],
  },

  // countdown(3): n 3, 1, -1, … never 0; the trace stops at the time limit.
  {
    program: "countdown",
    text: "`n` goes 3, 1, -1, -3, ... and skips 0, so the loop never terminates. `n` becomes -1 in the second iteration.",
    labels: [["the loop never terminates", "loop_count", "confirmed"], ["`n` becomes -1 in the second iteration", "value", "confirmed"]],
  },
  {
    program: "countdown",
    text: "`n` reaches 0 after two iterations and the function returns 2.",
    labels: [["`n` reaches 0 after two iterations", "value", "contradicted"], ["the function returns 2", "return", "unverifiable"]],
  },
  {
    program: "countdown",
    text: "`n` is never 0, and `steps` is always non-negative.",
    labels: [["`n` is never 0", "always", "confirmed"], ["`steps` is always non-negative", "always", "confirmed"]],
  },
  {
    program: "countdown",
    text: "It raises a RecursionError after too many calls.",
    labels: [["raises a RecursionError", "exception", "contradicted"]],
  },
  // Written after the checker's first version, in the longer style of model chain-of-thought, labelled
  // before the checker saw them (docs/prompt.md gives the numbers on these alone, before later changes).
  {
    isLater: true,
    program: "total",
    text: "Let's trace the execution with `xs = [1, 2, 3]`.\n\n1. `s = 0`\n2. `range(len(xs) - 1)` = `range(2)`, so `i` takes values 0 and 1.\n3. First iteration (i = 0): s = 0 + 1 = 1\n4. Second iteration (i = 1): s = 1 + 2 = 3\n5. The loop ends, and the function returns `s = 3`.\n\nThe expected result is 6, but we got 3 because the last element (index 2) is never added.",
    labels: [["`xs = [1, 2, 3]`", "value", "confirmed"], ["`s = 0`", "value", "confirmed"], ["`i` takes values 0 and 1", "value", "confirmed"], ["i = 0", "value", "confirmed"], ["s = 0 + 1 = 1", "value", "confirmed"], ["i = 1", "value", "confirmed"], ["s = 1 + 2 = 3", "value", "confirmed"], ["returns `s = 3`", "return", "confirmed"], ["`s = 3`", "value", "confirmed"], ["The expected result is 6", "return", "none"]],
  },
  {
    isLater: true,
    program: "take",
    text: "**Analysis:** The function is supposed to return the first `n` elements. With `n = 3`, the loop `for i in range(n + 1)` iterates 4 times (i = 0, 1, 2, 3). On the last iteration, `i = 3` and `xs[3]` is out of bounds since `xs` has length 3, which raises `IndexError: list index out of range`.",
    labels: [["`n = 3`", "value", "confirmed"], ["iterates 4 times", "loop_count", "confirmed"], ["i = 0", "value", "confirmed"], ["`i = 3`", "value", "confirmed"], ["raises `IndexError", "exception", "confirmed"], ["supposed to return", "return", "none"]],
  },
  {
    isLater: true,
    program: "count_neg",
    text: "The condition `x <= 0` also counts zero. Walking through: x = -1 → count = 1; x = 0 → count = 2 (wrong!); x = 2 → skipped; x = -3 → count = 3. So the function returns 3, while the expected answer is 2.",
    labels: [["x = -1", "value", "confirmed"], ["count = 1", "value", "confirmed"], ["x = 0", "value", "confirmed"], ["count = 2", "value", "confirmed"], ["x = 2", "value", "confirmed"], ["x = -3", "value", "confirmed"], ["count = 3", "value", "confirmed"], ["returns 3", "return", "confirmed"], ["expected answer is 2", "return", "none"]],
  },
  {
    isLater: true,
    program: "search",
    text: "Here `lo` and `hi` start as 0 and 3. After the first pass `lo` = 2, after the second pass `lo` = 3. Since `lo < hi` is now False, we exit and return -1 without ever looking at index 3, where 7 is.",
    labels: [["start as 0 and 3", "value", "confirmed"], ["After the first pass `lo` = 2", "value", "confirmed"], ["after the second pass `lo` = 3", "value", "confirmed"], ["return -1", "return", "confirmed"]],
  },
  {
    isLater: true,
    program: "fact",
    text: "fact(3) = 3 * fact(2) = 3 * 2 * fact(1) = 3 * 2 * 1 * fact(0). Since fact(0) returns 0 instead of 1, the whole product becomes 0, so fact(3) returns 0.",
    labels: [["fact(0) returns 0", "return", "confirmed"], ["fact(3) returns 0", "return", "confirmed"]],
  },
  {
    isLater: true,
    program: "is_palindrome",
    text: "The comparison uses `s[-i]` instead of `s[-i - 1]`. When `i = 0`, `s[-0]` is `s[0]`, so the first character is compared with itself. When `i = 1`, it compares `s[1] = 'b'` with `s[-1] = 'a'`, finds a mismatch and returns `False`.",
    labels: [["`i = 0`", "value", "confirmed"], ["`i = 1`", "value", "confirmed"], ["`s[1] = 'b'`", "value", "unverifiable"], ["returns `False`", "return", "confirmed"]],
  },
  {
    isLater: true,
    program: "max_of",
    text: "Since all numbers are negative and `best` is initialized to 0, the check `x > best` fails for -5, -2 and -9. `best` remains 0 throughout, so `max_of([-5, -2, -9])` returns 0 rather than -2.",
    labels: [["`best` is initialized to 0", "value", "confirmed"], ["`best` remains 0", "value", "confirmed"], ["`max_of([-5, -2, -9])` returns 0", "return", "confirmed"]],
  },
  {
    isLater: true,
    program: "count_words",
    text: "On the third word, `word == 'a'` and `'a' in counts` is True, so the `if` branch runs, but it assigns `counts[word] = 1` instead of adding one. The final dictionary is `{'a': 1, 'b': 1}`.",
    labels: [["`word == 'a'`", "value", "confirmed"], ["`'a' in counts` is True", "value", "unverifiable"], ["The final dictionary is", "value", "confirmed"]],
  },
  {
    isLater: true,
    program: "average",
    text: "total = 2 + 4 + 6 = 12 and len(xs) - 1 = 2, so the result is 12 / 2 = 6.0. The bug is the `- 1` in the denominator.",
    labels: [["total = 2 + 4 + 6 = 12", "value", "confirmed"], ["the result is 12 / 2 = 6.0", "return", "confirmed"]],
  },
  {
    isLater: true,
    program: "count_pairs",
    text: "The inner loop starts at `j = i`, so each element is paired with itself. For `i = 1`, `j = 1` gives 2 + 2 = 4, which is counted. In total `count` becomes 2 and the function returns 2.",
    labels: [["`i = 1`", "value", "confirmed"], ["`j = 1`", "value", "confirmed"], ["`count` becomes 2", "value", "confirmed"], ["returns 2", "return", "confirmed"]],
  },
  {
    isLater: true,
    program: "sum_squares",
    text: "`range(1, n)` with `n = 3` yields only k = 1 and k = 2, so `total = 1 + 4 = 5`. The square of 3 is never added, and `sum_squares(3)` returns 5.",
    labels: [["`n = 3`", "value", "confirmed"], ["k = 1", "value", "confirmed"], ["k = 2", "value", "confirmed"], ["`total = 1 + 4 = 5`", "value", "confirmed"], ["`sum_squares(3)` returns 5", "return", "confirmed"]],
  },
  {
    isLater: true,
    program: "countdown",
    text: "Because `n` starts odd and decreases by 2 each time, it goes 3 → 1 → -1 → ... and never equals 0, so `while n != 0` loops forever and the call times out.",
    labels: [["never equals 0", "always", "confirmed"], ["loops forever", "loop_count", "confirmed"]],
  },
  {
    isLater: true,
    program: "total",
    text: "On the final iteration `i` is 2, and `xs[2]` = 3 is added, giving `s = 6`. Therefore the function returns 6, which matches the expected output, so the bug must be elsewhere.",
    labels: [["On the final iteration `i` is 2", "value", "contradicted"], ["`xs[2]` = 3", "value", "unverifiable"], ["`s = 6`", "value", "contradicted"], ["the function returns 6", "return", "contradicted"]],
  },
  {
    isLater: true,
    program: "take",
    text: "It seems that the loop goes one index too far. Most likely `i` becomes 3 at some point, which would index past the end. Indeed, the trace shows `i` = 3 right before the IndexError.",
    labels: [["Most likely `i` becomes 3", "value", "none"], ["`i` = 3", "value", "confirmed"]],
  },
  {
    isLater: true,
    program: "max_of",
    text: "Line 4 compares `x > best` three times and it is False every time, so line 5 never runs and line 6 returns 0.",
    labels: [["line 5 never runs", "line_count", "confirmed"], ["line 6 returns 0", "return", "confirmed"]],
  },
  {
    isLater: true,
    program: "count_neg",
    text: "The bug is on line 4: `x <= 0` is true for 0. Line 5 is executed 3 times and `count` is incremented to 3.",
    labels: [["Line 5 is executed 3 times", "line_count", "confirmed"], ["`count` is incremented to 3", "value", "confirmed"]],
  },
  {
    isLater: true,
    program: "is_palindrome",
    text: "For `'abba'` the index `-i` becomes 0 on the first pass, and on the second pass `s[-1]` is 'a'. No error occurs; the function simply returns False.",
    labels: [["`s[-1]` is 'a'", "value", "unverifiable"], ["No error occurs", "no_exception", "confirmed"], ["returns False", "return", "confirmed"]],
  },
  // Written to trip the checker up: tests quoted as facts, sub-expressions, elements named after "for",
  // claims under conditions, and a call other than the traced one set as the scene.
  {
    isLater: true,
    program: "total",
    text: "The failing test is `total([1, 2, 3]) == 6`, and the code gives 3.",
    labels: [["`total([1, 2, 3]) == 6`", "return", "none"], ["the code gives 3", "return", "confirmed"]],
  },
  {
    isLater: true,
    program: "total",
    text: "`xs[i]` is added for `i` in 0 and 1; `xs[2]`, which is 3, is skipped.",
    labels: [],
  },
  {
    isLater: true,
    program: "count_neg",
    text: "`x` is 0 or negative in three iterations, so `count` becomes 3.",
    labels: [["`x` is 0 or negative", "value", "none"], ["`count` becomes 3", "value", "confirmed"]],
  },
  {
    isLater: true,
    program: "search",
    text: "`mid` is computed as `(lo + hi) // 2`, which is 1 and then 2. `hi` is never updated, because `xs[mid]` is always less than 7.",
    labels: [["`xs[mid]` is always less than 7", "always", "unverifiable"]],
  },
  {
    isLater: true,
    program: "fact",
    text: "With `n = 3` the function calls itself three times, down to `n = 0`, where it returns 0; the multiplications 3 * 2 * 1 * 0 give 0.",
    labels: [["`n = 3`", "value", "confirmed"], ["`n = 0`", "value", "confirmed"], ["it returns 0", "return", "confirmed"]],
  },
  {
    isLater: true,
    program: "is_palindrome",
    text: "Python's `s[-0]` equals `s[0]` because -0 == 0, so comparing the first character with itself always passes.",
    labels: [],
  },
  {
    isLater: true,
    program: "max_of",
    text: "The maximum of [-5, -2, -9] is -2, but `best` starts at 0, so `max_of` returns 0.",
    labels: [["maximum of [-5, -2, -9] is -2", "value", "none"], ["`best` starts at 0", "value", "confirmed"], ["`max_of` returns 0", "return", "confirmed"]],
  },
  {
    isLater: true,
    program: "count_words",
    text: "`text.split()` returns ['a', 'b', 'a'], so the loop runs 3 times.",
    labels: [["`text.split()` returns ['a', 'b', 'a']", "return", "confirmed"], ["the loop runs 3 times", "loop_count", "confirmed"]],
  },
  {
    isLater: true,
    program: "average",
    text: "Since `len(xs)` is 3, the denominator `len(xs) - 1` is 2 and 12 / 2 gives 6.0.",
    labels: [["`len(xs)` is 3", "value", "confirmed"], ["12 / 2 gives 6.0", "return", "confirmed"]],
  },
  {
    isLater: true,
    program: "sum_squares",
    text: "In `sum_squares(4)`, `k` reaches 3 and `total` ends up as 14.",
    labels: [["`k` reaches 3", "value", "confirmed"], ["`total` ends up as 14", "value", "confirmed"]],
  },
  {
    isLater: true,
    program: "countdown",
    text: "The while loop runs 3 times before `n` becomes negative.",
    labels: [["loop runs 3 times", "loop_count", "contradicted"]],
  },
  {
    isLater: true,
    program: "take",
    text: "After the third iteration `out` is [5, 6, 7] and `i` is 2; the fourth iteration crashes.",
    labels: [["`out` is [5, 6, 7]", "value", "confirmed"], ["`i` is 2", "value", "confirmed"], ["the fourth iteration crashes", "exception", "confirmed"]],
  },
  {
    isLater: true,
    program: "total",
    text: "Initially `s` = 0 and `xs` = [1, 2, 3]. The function never looks at `xs[2]`.",
    labels: [["`s` = 0", "value", "confirmed"], ["`xs` = [1, 2, 3]", "value", "confirmed"]],
  },
  {
    isLater: true,
    program: "count_pairs",
    text: "When `i` is 0, `j` goes up to 2, and when `i` is 2 the inner loop runs once.",
    labels: [["When `i` is 0", "value", "confirmed"], ["`j` goes up to 2", "value", "confirmed"], ["when `i` is 2", "value", "confirmed"], ["the inner loop runs once", "loop_count", "confirmed"]],
  },
  {
    isLater: true,
    program: "fact",
    text: "Expected: 6. Actual: 0.",
    labels: [["6", "return", "none"]],
  },
  // Hedged claims that the patterns would read if the hedge were missed, beside plain claims.
  {
    isLater: true,
    program: "total",
    text: "`s` is probably 6 at the end. The loop might run 3 times. I think `i` reaches 2.",
    labels: [["`s` is probably 6", "value", "none"], ["might run 3 times", "loop_count", "none"], ["`i` reaches 2", "value", "none"]],
  },
  {
    isLater: true,
    program: "total",
    text: "It seems the function returns 6, but actually it returns 3.",
    labels: [["returns 6", "return", "none"], ["actually it returns 3", "return", "confirmed"]],
  },
  {
    isLater: true,
    program: "take",
    text: "Presumably the loop runs 3 times and `out` ends up as [5, 6]; in fact it raises IndexError.",
    labels: [["the loop runs 3 times", "loop_count", "none"], ["`out` ends up as [5, 6]", "value", "none"], ["it raises IndexError", "exception", "confirmed"]],
  },
  {
    isLater: true,
    program: "count_neg",
    text: "The count should be 2 and `count` would end at 2; currently `count` is 3.",
    labels: [["`count` would end at 2", "value", "none"], ["`count` is 3", "value", "confirmed"]],
  },
  {
    isLater: true,
    program: "search",
    text: "If `hi` were 4, `mid` would reach 3 and the function could return 3. As written, `lo` ends at 3 and it returns -1.",
    labels: [["`mid` would reach 3", "value", "none"], ["could return 3", "return", "none"], ["`lo` ends at 3", "value", "confirmed"], ["it returns -1", "return", "confirmed"]],
  },
  {
    isLater: true,
    program: "fact",
    text: "One might expect `fact(3)` to return 6, and perhaps `fact(1)` returns 1 as well. It does not: `fact(1)` returns 0.",
    labels: [["`fact(1)` returns 1", "return", "none"], ["`fact(1)` returns 0", "return", "confirmed"]],
  },
  {
    isLater: true,
    program: "max_of",
    text: "Assuming `best` starts at the first element, `best` would become -2 and the function would return -2.",
    labels: [["`best` would become -2", "value", "none"], ["would return -2", "return", "none"]],
  },
  {
    isLater: true,
    program: "average",
    text: "The average is supposed to be 4.0, so `total` should be divided by 3, giving 4.0. Here, though, `total` is 12 and it returns 6.0.",
    labels: [["giving 4.0", "return", "none"], ["`total` is 12", "value", "confirmed"], ["it returns 6.0", "return", "confirmed"]],
  },
  {
    isLater: true,
    program: "count_words",
    text: "Ideally `counts['a']` becomes 2; maybe the loop runs twice for 'a'. The dictionary ends as {'a': 1, 'b': 1}.",
    labels: [["the loop runs twice", "loop_count", "none"]],
  },
  {
    isLater: true,
    program: "is_palindrome",
    text: "You would expect `is_palindrome('abba')` to return True; it returns False because the second comparison fails.",
    labels: [["to return True", "return", "none"], ["it returns False", "return", "confirmed"]],
  },
  {
    isLater: true,
    program: "sum_squares",
    text: "The loop probably runs 3 times and `k` likely reaches 3, giving 14. Checking the trace, `k` reaches only 2.",
    labels: [["The loop probably runs 3 times", "loop_count", "none"], ["`k` likely reaches 3", "value", "none"], ["`k` reaches only 2", "value", "confirmed"]],
  },
  {
    isLater: true,
    program: "countdown",
    text: "It may loop forever, or `n` could reach 0 after 2 iterations.",
    labels: [["loop forever", "loop_count", "none"], ["`n` could reach 0", "value", "none"]],
  },
  // Wrong rationales: values, counts and results the buggy run does not have.
  {
    isLater: true,
    program: "total",
    text: "The loop runs 3 times: `i` is 0, 1 and 2. After the third iteration `s` is 6, so `total` returns 6 and the bug must be in the test.",
    labels: [["The loop runs 3 times", "loop_count", "contradicted"], ["`i` is 0, 1 and 2", "value", "contradicted"], ["After the third iteration `s` is 6", "value", "contradicted"], ["`total` returns 6", "return", "contradicted"]],
  },
  {
    isLater: true,
    program: "take",
    text: "`n` is 2, so the loop runs 3 times and stops normally; `take` returns [5, 6, 7] without any error.",
    labels: [["`n` is 2", "value", "contradicted"], ["the loop runs 3 times", "loop_count", "contradicted"], ["`take` returns [5, 6, 7]", "return", "contradicted"], ["without any error", "no_exception", "contradicted"]],
  },
  {
    isLater: true,
    program: "count_neg",
    text: "`count` starts at 1 and ends at 2; the loop body runs twice because the list has two negatives.",
    labels: [["`count` starts at 1", "value", "contradicted"], ["the loop body runs twice", "loop_count", "contradicted"]],
  },
  {
    isLater: true,
    program: "search",
    text: "`hi` becomes 2 after the first iteration, `mid` is 3 in the second iteration, and the function returns 3.",
    labels: [["`hi` becomes 2", "value", "contradicted"], ["`mid` is 3", "value", "contradicted"], ["the function returns 3", "return", "contradicted"]],
  },
  {
    isLater: true,
    program: "fact",
    text: "`fact(2)` returns 2 and `fact(3)` returns 6, so the recursion is correct; the bug is elsewhere.",
    labels: [["`fact(2)` returns 2", "return", "contradicted"], ["`fact(3)` returns 6", "return", "contradicted"]],
  },
  {
    isLater: true,
    program: "is_palindrome",
    text: "In the first iteration `i` is 1, and `is_palindrome` raises an IndexError on line 3.",
    labels: [["In the first iteration `i` is 1", "value", "contradicted"], ["raises an IndexError on line 3", "exception", "contradicted"]],
  },
  {
    isLater: true,
    program: "max_of",
    text: "`best` becomes -5 in the first iteration and stays -5; line 5 runs 3 times.",
    labels: [["`best` becomes -5", "value", "contradicted"], ["line 5 runs 3 times", "line_count", "contradicted"]],
  },
  {
    isLater: true,
    program: "count_words",
    text: "`counts` is {'a': 2} after the first iteration, and `word` is 'c' at some point.",
    labels: [["`counts` is {'a': 2}", "value", "contradicted"], ["`word` is 'c'", "value", "contradicted"]],
  },
  {
    isLater: true,
    program: "average",
    text: "`total` is 14 after the loop and the function raises a ZeroDivisionError.",
    labels: [["`total` is 14 after the loop", "value", "contradicted"], ["raises a ZeroDivisionError", "exception", "contradicted"]],
  },
  {
    isLater: true,
    program: "sum_squares",
    text: "`square(2)` returns 2, `k` reaches 3 and the loop runs 3 times.",
    labels: [["`square(2)` returns 2", "return", "contradicted"], ["`k` reaches 3", "value", "contradicted"], ["the loop runs 3 times", "loop_count", "contradicted"]],
  },
  {
    isLater: true,
    program: "countdown",
    text: "`steps` reaches 2 and then the loop exits because `n` hits 0.",
    labels: [["`steps` reaches 2", "value", "confirmed"], ["`n` hits 0", "value", "contradicted"]],
  },
  {
    isLater: true,
    program: "count_pairs",
    text: "`count` is 1 at the end because only (0, 2) sums to 4; `j` never equals `i`.",
    labels: [["`count` is 1 at the end", "value", "contradicted"]],
  },
  // Small-model style: the input named in a "when" clause, bare names, results shown with working.
  {
    isLater: true,
    program: "total",
    text: "When the input is [1, 2, 3], the function returns 3 because the loop stops before the last element.",
    labels: [["the function returns 3", "return", "confirmed"]],
  },
  {
    isLater: true,
    program: "take",
    text: "When called with [5, 6, 7] and 3, the function raises an IndexError because `i` becomes 3.",
    labels: [["raises an IndexError", "exception", "confirmed"], ["`i` becomes 3", "value", "confirmed"]],
  },
  {
    isLater: true,
    program: "count_neg",
    text: "For the input [-1, 0, 2, -3], `count` ends up being 3 since 0 is counted.",
    labels: [["`count` ends up being 3", "value", "confirmed"]],
  },
  {
    isLater: true,
    program: "max_of",
    text: "When we call max_of([-5, -2, -9]), best is initialized to 0 and never changes, so it returns 0.",
    labels: [["best is initialized to 0", "value", "confirmed"], ["it returns 0", "return", "confirmed"]],
  },
  {
    isLater: true,
    program: "search",
    text: "In the case of search([1, 3, 5, 7], 7), the while loop exits when lo = 3 and hi = 3, returning -1.",
    labels: [["lo = 3", "value", "confirmed"], ["hi = 3", "value", "confirmed"], ["returning -1", "return", "confirmed"]],
  },
  {
    isLater: true,
    program: "fact",
    text: "fact(3) calls fact(2), fact(1) and fact(0); fact(0) returns 0, so every result is 0 and fact(3) returns 0 instead of 6.",
    labels: [["fact(0) returns 0", "return", "confirmed"], ["fact(3) returns 0", "return", "confirmed"]],
  },
  {
    isLater: true,
    program: "average",
    text: "For xs = [2, 4, 6], total is 12 and the function returns 12 / 2 = 6.0.",
    labels: [["xs = [2, 4, 6]", "value", "confirmed"], ["total is 12", "value", "confirmed"], ["returns 12 / 2 = 6.0", "return", "confirmed"]],
  },
  {
    isLater: true,
    program: "count_words",
    text: "With text = 'a b a', the second 'a' hits line 5, which sets counts['a'] = 1 again, so the result is {'a': 1, 'b': 1}.",
    labels: [["text = 'a b a'", "value", "confirmed"], ["hits line 5", "line_count", "confirmed"], ["the result is {'a': 1, 'b': 1}", "return", "confirmed"]],
  },
  {
    isLater: true,
    program: "is_palindrome",
    text: "When i = 1, s[1] = 'b' and s[-1] = 'a' differ, so the function returns False on line 4.",
    labels: [["i = 1", "value", "confirmed"], ["returns False", "return", "confirmed"]],
  },
  {
    isLater: true,
    program: "sum_squares",
    text: "The loop runs for k = 1 and k = 2 only, so total = 1 + 4 = 5 and sum_squares(3) returns 5.",
    labels: [["k = 1", "value", "confirmed"], ["k = 2", "value", "confirmed"], ["total = 1 + 4 = 5", "value", "confirmed"], ["sum_squares(3) returns 5", "return", "confirmed"]],
  },
];
