import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PythonRuntime } from "../../../native/python/index.js";
import { renderTrace } from "../../../native/trace/common/renderTrace.js";

/**
 * Golden files: real traces from the bundled Python runtime, rendered and frozen after one review by eye.
 * `UPDATE_GOLDEN=1 npx vitest run tests/unit/trace/renderTraceGolden.test.ts` rewrites them (review the diff).
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const goldenDir = path.join(here, "golden");
const cases: Array<{ name: string; call: string; budget?: number }> = [
  { name: "sum_loop", call: "sum_to(6)" },
  { name: "nested_loops", call: "count_pairs([1, 2, 3, 4, 5], 6)" },
  { name: "recursion", call: "fib(4)" },
  { name: "exception", call: "report({'a': [1, 2], 'b': []})" },
  { name: "long_values", call: "build(30)" },
  { name: "unicode", call: "shout('Zoë')" },
  { name: "deep_structure", call: "nest(6)" },
  { name: "while_bug", call: "find_index([1, 3, 5, 7, 9, 11], 11)" },
  { name: "multiline", call: "describe(['x', 'y', 'z'])" },
  { name: "generator", call: "total_evens(9)" },
  { name: "try_except", call: "parse_all(['1', 'x', '3', 'y'])" },
  { name: "printing", call: "show(['a', 'bbb', 'cc'])" },
  { name: "long_values", call: "build(120)", budget: 256 },
];
const isUpdating = process.env.UPDATE_GOLDEN === "1";

describe("trace rendering of real traces (golden files)", () => {
  let runtime: PythonRuntime;
  beforeAll(async () => {
    runtime = await PythonRuntime.start({ size: 1, spares: 0 });
  });
  afterAll(async () => {
    await runtime?.dispose();
  });

  for (const { name, call, budget } of cases) {
    it(`${name}: ${call}${budget ? ` within ${budget} tokens` : ""}`, async () => {
      const program = readFileSync(path.join(goldenDir, "programs", `${name}.py`), "utf8");
      const trace = await runtime.trace({ program, call });
      const again = await runtime.trace({ program, call });
      expect(trace.truncated).toBe(false);
      const suffix = budget ? `.budget${budget}` : "";
      for (const style of ["inline", "scratchpad"] as const) {
        const rendering = renderTrace({ program, trace, style, settings: budget ? { budget } : {} });
        expect(renderTrace({ program, trace: again, style, settings: budget ? { budget } : {} }).text, "same trace twice, same text").toBe(rendering.text);
        expect(rendering.keepsFailureState).toBe(true);
        expect(rendering.fitsBudget).toBe(true);
        const file = path.join(goldenDir, `${name}${suffix}.${style}.txt`);
        const actual = `${rendering.text}\n`;
        if (isUpdating) writeFileSync(file, actual);
        // A missing golden file is a failure, not a pass that writes it (issue 16): review the text, then write it.
        expect(existsSync(file), `${path.relative(process.cwd(), file)} is missing: review the rendering and run UPDATE_GOLDEN=1 npx vitest run tests/unit/trace/renderTraceGolden.test.ts`).toBe(true);
        expect(actual).toBe(readFileSync(file, "utf8"));
      }
      // The inline comments never break the program: it still compiles, with the same meaning.
      const inline = renderTrace({ program, trace, settings: budget ? { budget } : {} }).text;
      const check = await runtime.run({ program: `import ast\nast.parse(${JSON.stringify(inline)})\n` });
      expect(check.verdict, check.error?.message).toBe("pass");
    });
  }
});
