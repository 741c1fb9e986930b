import { defaultTraceCaps } from "../../python/common/execTypes.js";
import type { Trace } from "../../python/common/traceTypes.js";
import { extractClaims } from "./extractClaims.js";
import { parseLiteralCall } from "./findCalls.js";
import { judgeException, judgeLineCount, judgeLoopCount, judgeNoException, judgeReturn } from "./judgeRunClaim.js";
import { judgeAlways, judgeValue, type Verdict } from "./judgeValueClaim.js";
import { readProgramShape, type ProgramShape } from "./readProgramShape.js";
import { readTraceFacts, type TraceFacts } from "./readTraceFacts.js";
import type { CheckClaimsOptions, CheckClaimsResult, Claim, ClaimCheck, ClaimKind } from "./types.js";

export type { CheckClaimsOptions, CheckClaimsResult, ClaimCheck, ClaimKind, ClaimStatus } from "./types.js";

/**
 * Extracts the concrete claims a rationale makes about the buggy run and checks each against the real
 * trace: the trace of the first failing test's call, or a trace of the call a claim names (`traceCall`).
 * Hedged claims and claims about the fix are not claims about the run and are left out. The score is the
 * share of checkable claims that hold, null when none is checkable. Rules: docs/prompt.md.
 */
export async function checkClaims({
  rationale, program, entryPoint, trace, traceCall, maxCalls = 4, maxStatesPerLine = defaultTraceCaps.maxStatesPerLine, maxRationaleChars = 20_000,
}: CheckClaimsOptions): Promise<CheckClaimsResult> {
  const shape = readProgramShape(program);
  const facts = readTraceFacts(trace, shape, maxStatesPerLine);
  const knownVariables = new Set(facts.frames.flatMap((frame) => [...frame.vars.keys()]));
  const functions = new Set(shape.functions.map((fn) => fn.name));
  const parameters = new Set(trace.steps.filter((step) => step.event === "call").flatMap((step) => Object.keys(step.changed)));
  const claims = extractClaims(rationale.slice(0, maxRationaleChars), { knownVariables, functions, tracedCall: parseLiteralCall(trace.call), parameters });

  const callFacts = new Map<string, Promise<TraceFacts | string>>();
  const factsFor = (call: string): Promise<TraceFacts | string> => {
    let found = callFacts.get(call);
    if (!found) {
      found = callFacts.size >= maxCalls
        ? Promise.resolve(`more than ${maxCalls} calls are named; \`${call}\` was not traced`)
        : traceCall(call).then((traced: Trace) => readTraceFacts(traced, shape, maxStatesPerLine), (error: unknown) => `\`${call}\` could not be traced: ${error instanceof Error ? error.message : String(error)}`);
      callFacts.set(call, found);
    }
    return found;
  };

  const checks: ClaimCheck[] = [];
  for (const claim of claims) {
    const kind: ClaimKind = claim.kind === "unverifiable" ? claim.claimKind : claim.kind;
    if (claim.kind === "unverifiable") {
      checks.push({ text: claim.text, status: "unverifiable", kind, detail: claim.reason });
      continue;
    }
    const subjectFacts = claim.subject.kind === "call" ? await factsFor(claim.subject.call) : facts;
    const verdict = typeof subjectFacts === "string" ? { status: "unverifiable" as const, detail: subjectFacts } : judge(claim, subjectFacts, shape, entryPoint, maxStatesPerLine);
    checks.push({ text: claim.text, status: verdict.status, kind, detail: claim.subject.kind === "call" ? `${claim.subject.call}: ${verdict.detail}` : verdict.detail });
  }
  const confirmed = checks.filter((check) => check.status === "confirmed").length;
  const contradicted = checks.filter((check) => check.status === "contradicted").length;
  return { claims: checks, checkScore: confirmed + contradicted === 0 ? null : confirmed / (confirmed + contradicted) };
}

function judge(claim: Exclude<Claim, { kind: "unverifiable" }>, facts: TraceFacts, shape: ProgramShape, entryPoint: string | undefined, maxStatesPerLine: number): Verdict {
  const frames = claim.subject.kind === "function" ? facts.frames.filter((frame) => frame.name === (claim.subject as { name: string }).name) : facts.frames;
  switch (claim.kind) {
    case "value":
      return judgeValue(claim, facts, frames);
    case "always":
      return judgeAlways(claim, facts, frames);
    case "return":
      return judgeReturn(claim, facts, entryPoint);
    case "exception":
      return judgeException(claim, facts, shape);
    case "no_exception":
      return judgeNoException(claim, facts);
    case "loop_count":
      return judgeLoopCount(claim, facts, shape);
    case "line_count":
      return judgeLineCount(claim, facts, shape, maxStatesPerLine);
  }
}
