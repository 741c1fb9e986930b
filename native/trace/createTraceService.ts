import path from "node:path";
import type { TraceApi, TraceRenderResult, TraceRenderTests } from "../api/traceApi.js";
import { InvalidInputError, TracetuneError } from "../common/TracetuneError.js";
import type { CoreContext } from "../core/CoreContext.js";
import type { Trace } from "../python/common/traceTypes.js";
import { openJsonStore } from "../storage/openJsonStore.js";
import { storeSchemas } from "../storage/schemaVersion.js";
import { describeOutcome } from "./common/describeOutcome.js";
import { defaultRenderSettings } from "./common/defaultRenderSettings.js";
import { diffTraces } from "./common/diffTraces.js";
import { renderTrace } from "./common/renderTrace.js";
import type { CountTokens, TraceRenderSettings, TraceStyle } from "./common/types.js";
import { validateRenderSettings } from "./common/validateRenderSettings.js";
import { validateTrace } from "./common/validateTrace.js";
import { findFailingCalls } from "./node/findFailingCalls.js";
import type { TraceRunner } from "./node/TraceRunner.js";

const styles: TraceStyle[] = ["inline", "scratchpad", "none"];

/**
 * The trace feature: renders traces (NExT inline comments, scratchpad, none) within a token budget and
 * diffs two programs' traces. Render settings live in `trace-settings.json` in the data dir. The Python
 * runtime is started on first need and disposed with the core.
 */
export async function createTraceService(context: CoreContext, options: {
  /**
   * The loaded model's tokenizer, asked at each render: a sync token counter and its name, or null when no
   * model is loaded. Default: none, so tokens are counted with the documented estimate (UTF-8 bytes / 2.5).
   */
  modelTokenizer?: () => { countTokens: CountTokens; name: string } | null;
} = {}): Promise<TraceApi> {
  const store = await openJsonStore<TraceRenderSettings>({
    file: path.join(context.dataDir, "trace-settings.json"),
    schema: storeSchemas.traceSettings,
    defaults: defaultRenderSettings,
    validate: (data) => reasonInvalid(data as Partial<TraceRenderSettings>),
  });
  // The core's shared sandbox pool (started on first need, disposed with the core).
  const runtime = (): Promise<TraceRunner> => context.python.get();

  return {
    async traceRender(args) {
      const program = requireText(args?.program, "program");
      const style = args.style ?? "inline";
      if (!styles.includes(style)) throw new InvalidInputError(`Field "style" must be one of ${styles.join(", ")}, got ${JSON.stringify(style)}.`, { field: "style" });
      const settings = validateRenderSettings({ ...store.data, ...(args.settings ?? {}) });
      const sources = [args.call, args.trace, args.failing].filter((value) => value !== undefined).length;
      if (sources !== 1) throw new InvalidInputError('Give exactly one of "call", "trace" and "failing".', { field: "call" });
      const tokenizer = options.modelTokenizer?.() ?? null;
      const render = (trace: Trace, test: string | null, compared: { expected: string | null; actual: string | null } = { expected: null, actual: null }): TraceRenderResult => ({
        ...renderTrace({ program, trace, style, settings, countTokens: tokenizer?.countTokens, tokenizer: tokenizer?.name }),
        call: trace.call, outcome: describeOutcome(trace), test, ...compared,
      });
      if (args.trace !== undefined) return { renderings: [render(validateTrace(args.trace), null)] };
      if (args.call !== undefined) {
        const trace = await (await runtime()).trace({ program, call: requireText(args.call, "call"), setup: args.setup });
        return { renderings: [render(trace, null)] };
      }
      const failing = args.failing!;
      let tests: TraceRenderTests | undefined;
      const found = await findFailingCalls({
        runtime: await runtime(), program, tests: requireText(failing.tests, "failing.tests"), entryPoint: failing.entryPoint,
        reference: failing.reference, setup: args.setup, isAll: failing.all ?? false,
        onTestsRun: (result) => {
          tests = { verdict: result.verdict, passed: result.tests.filter((test) => test.passed).length, total: result.tests.length };
        },
      });
      return { renderings: found.map((entry) => render(entry.trace, entry.test, { expected: entry.expected, actual: entry.actual })), tests };
    },

    async traceDiff(args) {
      const a = requireText(args?.a, "a");
      const b = requireText(args?.b, "b");
      const call = requireText(args?.call, "call");
      const python = await runtime();
      const traceOf = async (program: string, side: "a" | "b") => {
        try {
          return await python.trace({ program, call, setup: args.setup });
        } catch (error) {
          // Say which program was wrong: both go through the same runtime call.
          if (error instanceof TracetuneError) throw new TracetuneError(error.code, `Program ${side}: ${error.message}`, { ...error.details, side });
          throw error;
        }
      };
      const [traceA, traceB] = [await traceOf(a, "a"), await traceOf(b, "b")];
      return diffTraces({ a: { program: a, trace: traceA }, b: { program: b, trace: traceB } });
    },

    async getTraceSettings() {
      return { ...store.data };
    },

    async updateTraceSettings(args) {
      const patch = args?.patch;
      if (!patch || typeof patch !== "object") throw new InvalidInputError('Field "patch" must be an object of trace settings.', { field: "patch" });
      const next = validateRenderSettings({ ...store.data, ...patch });
      await store.update((data) => Object.assign(data, next));
      return { ...store.data };
    },
  };
}

function reasonInvalid(data: Partial<TraceRenderSettings>): string | null {
  try {
    validateRenderSettings(data);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function requireText(value: unknown, field: string): string {
  if (typeof value !== "string" || value.trim() === "") throw new InvalidInputError(`Field "${field}" must be a non-empty string.`, { field });
  return value;
}
