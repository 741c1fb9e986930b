import type { RepairClaim, RepairModelIdentity, RepairSample, RepairTraceFormat } from "../api/repairApi.js";
import type { ExecLimits, Trace } from "../python/index.js";
import type { TraceRunner } from "../trace/node/TraceRunner.js";
import { checkClaims as checkTraceClaims } from "./claims/checkClaims.js";
import { parseCompletion } from "./parseCompletion.js";
import type { RepairCase } from "./RepairCase.js";
import { verifyFix } from "./verifyFix.js";

/** The claim checker's signature (native/repair/claims/checkClaims.ts; tests may pass their own). */
export type CheckClaims = (args: {
  rationale: string;
  program: string;
  entryPoint?: string;
  trace: Trace;
  traceCall: (call: string) => Promise<Trace>;
}) => Promise<{ claims: RepairClaim[]; checkScore: number | null }>;

/** What every sample of one job shares: how it was prompted and by which model. */
export interface SampleContext {
  templateId: string | null;
  templateHash: string | null;
  traceFormat: RepairTraceFormat | null;
  model: RepairModelIdentity;
  promptTokens: number | null;
  /** The batch's prompt building and decoding time, split evenly over its samples. */
  promptMsShare: number;
  decodeMsShare: number;
}

/**
 * One completion through parse → verify → check: the rationale and program are split off (parseCompletion),
 * the program runs against the tests in the sandbox (verifyFix), and the rationale's value claims are checked
 * against the trace of the first failing test, the one the prompt showed.
 */
export async function judgeCompletion(options: {
  repairCase: RepairCase;
  completion: { text: string; finishReason?: string | null; seed?: number | null; tokens?: number | null };
  index: number;
  runtime: TraceRunner;
  shared: SampleContext;
  /** The failing call the prompt showed (claims are checked against it); null: claims are not checked. */
  failing: { trace: Trace } | null;
  /** Default: checkClaims (native/repair/claims). */
  checkClaims?: CheckClaims;
  limits?: Partial<ExecLimits>;
  signal?: AbortSignal;
}): Promise<RepairSample> {
  const { repairCase, completion, index, runtime, shared, failing, checkClaims = checkTraceClaims, limits, signal } = options;
  const parseStarted = performance.now();
  // Without a given entry point, the function the runtime will test is the buggy program's last top-level def.
  const entryPoint = repairCase.entryPoint ?? lastTopLevelDef(repairCase.program) ?? undefined;
  const parsed = parseCompletion(completion.text, { entryPoint, finishReason: completion.finishReason ?? undefined });
  const parseMs = performance.now() - parseStarted;
  const verified = await verifyFix({ runner: runtime, repairCase, parsed, limits, signal });

  const checkStarted = performance.now();
  let checked: { claims: RepairClaim[]; checkScore: number | null } = { claims: [], checkScore: null };
  if (failing && parsed.rationale.trim() !== "") {
    checked = await checkClaims({
      rationale: parsed.rationale, program: repairCase.program, entryPoint: repairCase.entryPoint, trace: failing.trace,
      traceCall: (call) => runtime.trace({ program: repairCase.program, call, setup: repairCase.execRequest(repairCase.program).setup }, { signal }),
    });
  }
  const checkMs = performance.now() - checkStarted;

  return {
    index,
    verdict: verified.verdict,
    ...(verified.reason !== undefined ? { reason: verified.reason } : {}),
    code: parsed.ok ? parsed.code : "",
    rationale: parsed.rationale,
    completion: completion.text,
    finishReason: completion.finishReason ?? null,
    tests: verified.tests,
    ...(verified.error ? { error: verified.error } : {}),
    testSeed: verified.testSeed,
    claims: checked.claims,
    checkScore: checked.checkScore,
    seed: completion.seed ?? null,
    tokens: { prompt: shared.promptTokens, completion: completion.tokens ?? null },
    timing: { promptMs: shared.promptMsShare, decodeMs: shared.decodeMsShare, parseMs, verifyMs: verified.elapsedMs, checkMs },
    templateId: shared.templateId,
    templateHash: shared.templateHash,
    traceFormat: shared.traceFormat,
    model: shared.model,
    limits: verified.limits,
  };
}

function lastTopLevelDef(program: string): string | null {
  const names = [...program.matchAll(/^(?:async\s+)?def\s+([A-Za-z_]\w*)/gm)].map((match) => match[1]!);
  return names.at(-1) ?? null;
}
