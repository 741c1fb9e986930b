import { describe, expect, it } from "vitest";
import { looksCutOff } from "../../../native/repair/looksCutOff.js";
import { parseCompletion } from "../../../native/repair/parseCompletion.js";

const fence = "```";
const fix = "def add(a, b):\n    return a + b\n";
const buggy = "def add(a, b):\n    return a - b\n";

describe("parseCompletion", () => {
  it("splits our documented format into rationale and code", () => {
    const text = `Rationale: the trace shows add(2, 3) returns -1, so the minus must be a plus.\nFixed program:\n${fence}python\n${fix}${fence}\n`;
    expect(parseCompletion(text, { entryPoint: "add" })).toEqual({
      ok: true,
      rationale: "the trace shows add(2, 3) returns -1, so the minus must be a plus.",
      code: fix,
    });
  });

  it("takes a fenced block with no language, with ~~~, and with an indented body", () => {
    expect(parseCompletion(`Fix:\n${fence}\n${fix}${fence}`)).toMatchObject({ ok: true, code: fix });
    expect(parseCompletion(`Fix:\n~~~py\n${fix}~~~`)).toMatchObject({ ok: true, code: fix });
    expect(parseCompletion(`Fix:\n${fence}python\n    def add(a, b):\n        return a + b\n${fence}`)).toMatchObject({ ok: true, code: fix });
  });

  it("accepts a closing fence glued to the last code line", () => {
    expect(parseCompletion(`${fence}python\ndef add(a, b):\n    return a + b${fence}\nDone.`)).toMatchObject({ ok: true, code: fix });
  });

  it("with several blocks picks the last that defines the entry point, not a later helper or test block", () => {
    const text = [
      "The buggy code is:", `${fence}python`, buggy + fence,
      "Here is the fix:", `${fence}python`, fix + fence,
      "And a usage example:", `${fence}python`, "print(add(2, 3))", fence,
    ].join("\n");
    const parsed = parseCompletion(text, { entryPoint: "add" });
    expect(parsed).toMatchObject({ ok: true, code: fix });
    expect(parsed.rationale).toContain("The buggy code is:");
    // Without an entry point the rule falls back to the last block.
    expect(parseCompletion(text)).toMatchObject({ ok: true, code: "print(add(2, 3))\n" });
  });

  it("prefers Python-tagged blocks over other languages, and uses any block when none is Python", () => {
    const text = `${fence}python\n${fix}${fence}\nOutput:\n${fence}text\n5\n${fence}`;
    expect(parseCompletion(text)).toMatchObject({ ok: true, code: fix });
    expect(parseCompletion(`${fence}python3\n${fix}${fence}`)).toMatchObject({ ok: true, code: fix });
    expect(parseCompletion(`${fence}pycode\n${fix}${fence}`)).toMatchObject({ ok: true, code: fix });
  });

  it("finds unfenced code and stops at the stray prose after it", () => {
    const text = `The minus should be a plus.\n\n${fix}\nThis passes all tests because the sum is now right.\n`;
    expect(parseCompletion(text, { entryPoint: "add" })).toEqual({ ok: true, rationale: "The minus should be a plus.", code: fix });
  });

  it("keeps column-0 code statements in an unfenced run (imports, assignments, if __name__)", () => {
    const program = "import math\n\nLIMIT = 10\n\ndef root(x):\n    return math.sqrt(x)\n\nif __name__ == \"__main__\":\n    print(root(4))\n";
    expect(parseCompletion(`Use sqrt.\n${program}\nThat is all.`, { entryPoint: "root" })).toMatchObject({ ok: true, code: program });
  });

  it("with unfenced quoted buggy code and a fix, picks the last run that defines the entry point", () => {
    const text = `The code\n${buggy}\nsubtracts. The fix:\n${fix}\nNow it adds.`;
    expect(parseCompletion(text, { entryPoint: "add" })).toMatchObject({ ok: true, code: fix });
  });

  it("removes chat-template and stop-token debris and ignores a hallucinated next turn", () => {
    for (const marker of ["<|im_end|>", "</s>", "<|eot_id|>", "<|endoftext|>", "<end_of_turn>"]) {
      const text = `<|im_start|>assistant\nRationale: plus.\n${fence}python\n${fix}${fence}${marker}<|im_start|>user\nAnother?\n${fence}python\ndef add(a, b):\n    return 0\n${fence}`;
      expect(parseCompletion(text, { entryPoint: "add" }), marker).toEqual({ ok: true, rationale: "plus.", code: fix });
    }
    expect(parseCompletion(`<|start_header_id|>assistant<|end_header_id|>\n\nplus\n${fence}python\n${fix}${fence}<|eot_id|>`)).toEqual({ ok: true, rationale: "plus", code: fix });
  });

  it("a leading end-of-turn marker is removed, not taken as the end of the answer", () => {
    expect(parseCompletion(`<|im_end|>\nplus\n${fence}python\n${fix}${fence}`)).toMatchObject({ ok: true, code: fix });
  });

  it("a block cut off by max tokens mid-construct is unparsable: truncated", () => {
    const cut = `Rationale: plus.\n${fence}python\ndef add(a, b):\n    return (a +`;
    expect(parseCompletion(cut, { entryPoint: "add", finishReason: "maxTokens" })).toEqual({ ok: false, reason: "truncated", rationale: "plus." });
    // Cut right after the header: a def with no body.
    expect(parseCompletion(`${fence}python\ndef add(a, b):\n`, { finishReason: "maxTokens" })).toMatchObject({ ok: false, reason: "truncated" });
    // Cut right after the opening fence.
    expect(parseCompletion(`plus\n${fence}python\n`, { finishReason: "maxTokens" })).toMatchObject({ ok: false, reason: "truncated" });
  });

  it("a cut-off block is the answer even when an earlier block defines the entry point", () => {
    const text = `Buggy:\n${fence}python\n${buggy}${fence}\nFixed:\n${fence}python\ndef add(a, b):\n    return [a`;
    expect(parseCompletion(text, { entryPoint: "add", finishReason: "maxTokens" })).toMatchObject({ ok: false, reason: "truncated" });
  });

  it("a cut-off block that is not visibly incomplete is returned with cutOff, for the sandbox to compile", () => {
    const text = `plus\n${fence}python\n${fix}`;
    expect(parseCompletion(text, { finishReason: "maxTokens" })).toEqual({ ok: true, rationale: "plus", code: fix, cutOff: true });
    // The same unclosed fence when the model ended by itself is simply the program.
    expect(parseCompletion(text, { finishReason: "eos" })).toEqual({ ok: true, rationale: "plus", code: fix });
  });

  it("an unfenced program reaching the end of a max-tokens completion is cut off; prose after it means it is not", () => {
    expect(parseCompletion(`plus\ndef add(a, b):\n    return a +`, { finishReason: "maxTokens" })).toMatchObject({ ok: false, reason: "truncated" });
    expect(parseCompletion(`plus\n${fix}\nThat fixes it and`, { finishReason: "maxTokens" })).toEqual({ ok: true, rationale: "plus", code: fix });
  });

  it("budget running out in the prose after a closed block does not matter", () => {
    expect(parseCompletion(`plus\n${fence}python\n${fix}${fence}\nThis works bec`, { finishReason: "maxTokens" })).toEqual({ ok: true, rationale: "plus", code: fix });
  });

  it("names why there is no program: empty, no_code, empty_code", () => {
    expect(parseCompletion("  \n<|im_end|>")).toEqual({ ok: false, reason: "empty", rationale: "" });
    expect(parseCompletion("The bug is that it subtracts. Use a plus instead.")).toEqual({ ok: false, reason: "no_code", rationale: "The bug is that it subtracts. Use a plus instead." });
    expect(parseCompletion(`plus\n${fence}python\n\n${fence}`)).toMatchObject({ ok: false, reason: "empty_code" });
  });

  it("an empty unclosed block after a fix (the model ended right after opening it) does not hide the fix", () => {
    expect(parseCompletion(`plus\n${fence}python\n${fix}${fence}\n${fence}python\n`, { finishReason: "eos" })).toMatchObject({ ok: true, code: fix });
  });

  it("drops reasoning blocks: code drafted while thinking is not the answer", () => {
    const text = `<think>\nMaybe:\n${fence}python\n${buggy}${fence}\nNo, it should add.\n</think>\n\nRationale: plus.\n${fence}python\n${fix}${fence}`;
    expect(parseCompletion(text, { entryPoint: "add" })).toEqual({ ok: true, rationale: "plus.", code: fix });
    // The template opened the block in the prompt: only the closing tag is in the completion.
    expect(parseCompletion(`Maybe ${fence}python\n${buggy}${fence}\n</think>\nplus\n${fence}python\n${fix}${fence}`, { entryPoint: "add" })).toEqual({ ok: true, rationale: "plus", code: fix });
    // Still reasoning when the budget ran out: no answer at all.
    expect(parseCompletion(`<think>\nLet me trace add(2, 3)...\n${fence}python\n${fix}`, { finishReason: "maxTokens" })).toEqual({ ok: false, reason: "truncated", rationale: "" });
    expect(parseCompletion(`<think>\nLet me trace add(2, 3)...`, { finishReason: "eos" })).toMatchObject({ ok: false, reason: "no_code" });
  });

  it("handles CRLF line ends", () => {
    expect(parseCompletion(`plus\r\n${fence}python\r\n${fix.replace(/\n/g, "\r\n")}${fence}\r\n`)).toMatchObject({ ok: true, code: fix });
  });
});

describe("looksCutOff", () => {
  it("sees open brackets, open strings, trailing operators, continuations and bodiless headers", () => {
    for (const code of ["f(1,", "x = [1, 2", "s = 'abc", 's = """doc\n', "x = a +", "x = 1 \\", "for i in r:", "def f(a):", "return a and"]) {
      expect(looksCutOff(code), code).toBe(true);
    }
  });

  it("does not flag complete code, brackets in strings or comments, or a return annotation", () => {
    for (const code of [fix, "x = '('  # (", "s = \"\"\"a\n(b\n\"\"\"", "f = lambda x:\\\n  x", "def f(a) -> int:\n    return a", "x = {'a': 1}"]) {
      expect(looksCutOff(code), code).toBe(false);
    }
  });
});
