import { asNumber, formatPyValue, parseWholeLiteral, pyEquals, type PyValue } from "./pythonLiteral.js";
import { valueAt, valuesBetween, type FrameRun, type LoopRun, type TraceFacts } from "./readTraceFacts.js";
import { nestedLoops } from "./readProgramShape.js";
import type { Claim, ClaimTime, Comparison, LoopQualifier } from "./types.js";

export interface Verdict {
  status: "confirmed" | "contradicted" | "unverifiable";
  detail: string;
}

const unverifiable = (detail: string): Verdict => ({ status: "unverifiable", detail });

/** The reprs compared with a claimed value: parsed, or null when a repr is cut ("…") or not a literal. */
function parseRepr(repr: string): PyValue | null {
  if (repr.includes("…")) return null;
  return parseWholeLiteral(repr);
}

function listValues(reprs: string[]): string {
  const shown = reprs.slice(0, 8).join(", ");
  return reprs.length > 8 ? `${shown}, … (${reprs.length} values)` : shown;
}

/**
 * Checks "`v` holds `value`" at a point of the run. "Any" time (no anchor) holds when the variable takes
 * the value at some state; it is contradicted only when every state is known and none has it.
 */
export function judgeValue(claim: Extract<Claim, { kind: "value" }>, facts: TraceFacts, frames: FrameRun[]): Verdict {
  const { variable, value } = claim;
  const holding = frames.filter((frame) => frame.vars.has(variable));
  if (holding.length === 0) return unverifiable(`\`${variable}\` is not set in the traced run`);
  const shown = formatPyValue(value);
  const compare = (reprs: string[], where: string, isComplete: boolean): Verdict => {
    if (reprs.length === 0) return unverifiable(`\`${variable}\` has no value ${where}`);
    if (reprs.some((repr) => matches(value, repr))) return { status: "confirmed", detail: `\`${variable}\` is ${shown} ${where}` };
    if (!isComplete || reprs.some((repr) => parseRepr(repr) === null)) return unverifiable(`\`${variable}\` is ${listValues(reprs)} ${where}; some values are cut or not literals, or the trace is partial`);
    return { status: "contradicted", detail: `\`${variable}\` is ${listValues(reprs)} ${where}, never ${shown}` };
  };
  const time = claim.time;
  if (time.kind === "any") {
    const reprs = unique(holding.flatMap((frame) => frame.vars.get(variable)!.map((change) => change.repr)));
    return compare(reprs, "in the run", facts.isComplete);
  }
  if (time.kind === "unplaced" || time.kind === "sequence") {
    const reprs = holding.flatMap((frame) => frame.vars.get(variable)!).sort((a, b) => a.step - b.step).map((change) => change.repr);
    const claimed = time.kind === "sequence" ? time.values : [value];
    const missing = claimed.find((item) => !reprs.some((repr) => matches(item, repr)));
    const isDecidable = facts.isComplete && reprs.every((repr) => parseRepr(repr) !== null);
    if (missing !== undefined) {
      return isDecidable ? { status: "contradicted", detail: `\`${variable}\` is ${listValues(unique(reprs))} in the run, never ${formatPyValue(missing)}` } : unverifiable(`\`${variable}\` is not seen as ${formatPyValue(missing)} in the partial trace`);
    }
    if (time.kind === "unplaced") return unverifiable(`\`${variable}\` is ${shown} at some point; the clause does not say when`);
    let at = 0;
    for (const repr of reprs) if (at < claimed.length && matches(claimed[at], repr)) at += 1;
    if (at === claimed.length) return { status: "confirmed", detail: `\`${variable}\` takes ${claimed.map(formatPyValue).join(", ")} in this order` };
    return unverifiable(`\`${variable}\` takes each of ${claimed.map(formatPyValue).join(", ")}, in another order`);
  }
  if (time.kind === "throughout") {
    const reprs = unique(holding.flatMap((frame) => frame.vars.get(variable)!.map((change) => change.repr)));
    const other = reprs.find((repr) => !matches(value, repr) && parseRepr(repr) !== null);
    if (other !== undefined) return { status: "contradicted", detail: `\`${variable}\` is ${listValues(reprs)} in the run, not always ${shown}` };
    if (reprs.every((repr) => matches(value, repr)) && facts.isComplete) return { status: "confirmed", detail: `\`${variable}\` is ${shown} throughout the run` };
    return unverifiable(`\`${variable}\` is ${listValues(reprs)}; some values are cut or not literals, or the trace is partial`);
  }
  if (time.kind === "while") return judgeWhile(claim, time, facts, holding);
  if (time.kind === "at_line") {
    const reprs = unique(holding.flatMap((frame) => frame.steps.flatMap((index, k) => {
      if (facts.trace.steps[index].line !== time.line || facts.trace.steps[index].event !== "line") return [];
      const after = frame.steps[k + 1];
      return [valueAt(frame, variable, index), after === undefined ? undefined : valueAt(frame, variable, after)].filter((repr): repr is string => repr !== undefined);
    })));
    if (reprs.length === 0) return unverifiable(`line ${time.line} does not run with \`${variable}\` set`);
    return compare(reprs, `at line ${time.line}`, facts.isComplete);
  }
  if (holding.length > 1) return unverifiable(`\`${variable}\` lives in ${holding.length} frames (calls); the claim does not say which`);
  const frame = holding[0];
  const history = frame.vars.get(variable)!;
  if (time.kind === "initial") return compare([history[0].repr], "at first", true);
  if (time.kind === "final") return compare([history[history.length - 1].repr], "at the end", !facts.trace.truncated);
  if (time.kind === "max") return judgeMax(variable, value, history.map((change) => change.repr), facts.isComplete);
  const run = loopRunFor(facts, frame, variable, "loop" in time ? time.loop : undefined);
  if (typeof run === "string") return unverifiable(run);
  if (time.kind === "after_loop") {
    if (run.exitStep === null) return unverifiable("the loop never finished in the trace");
    return compare([valueAt(frame, variable, run.exitStep)].filter((repr): repr is string => repr !== undefined), "after the loop", true);
  }
  const n = time.n === "last" ? run.iterations.length : time.n;
  const iteration = run.iterations[n - 1];
  const line = `the loop at line ${run.loop.header}`;
  if (!iteration) {
    if (run.exitStep === null || n < 1) return unverifiable(`${line} ran ${run.iterations.length} iterations before the trace ended`);
    return { status: "contradicted", detail: `${line} runs only ${run.iterations.length} iterations` };
  }
  if (time.kind === "after_iteration") {
    if (!iteration.isComplete) return unverifiable(`iteration ${n} of ${line} did not finish`);
    return compare([valueAt(frame, variable, iteration.end)].filter((repr): repr is string => repr !== undefined), `after iteration ${n}`, true);
  }
  const firstInside = frame.steps.find((index) => index > iteration.start) ?? iteration.end;
  return compare(valuesBetween(frame, variable, firstInside, iteration.end), `during iteration ${n}`, iteration.isComplete || facts.isComplete);
}

function judgeWhile(claim: Extract<Claim, { kind: "value" }>, time: Extract<ClaimTime, { kind: "while" }>, facts: TraceFacts, holding: FrameRun[]): Verdict {
  const frames = holding.filter((frame) => frame.vars.has(time.variable));
  const reprs = unique(frames.flatMap((frame) => frame.steps
    .filter((index) => matches(time.value, valueAt(frame, time.variable, index) ?? ""))
    .map((index) => valueAt(frame, claim.variable, index))
    .filter((repr): repr is string => repr !== undefined)));
  const condition = `while \`${time.variable}\` is ${formatPyValue(time.value)}`;
  if (reprs.length === 0) return unverifiable(`no state of the run has \`${time.variable}\` = ${formatPyValue(time.value)} with \`${claim.variable}\` set`);
  if (reprs.some((repr) => matches(claim.value, repr))) return { status: "confirmed", detail: `\`${claim.variable}\` is ${formatPyValue(claim.value)} ${condition}` };
  if (!facts.isComplete || reprs.some((repr) => parseRepr(repr) === null)) return unverifiable(`\`${claim.variable}\` is ${listValues(reprs)} ${condition}; some values are cut or not literals`);
  return { status: "contradicted", detail: `\`${claim.variable}\` is ${listValues(reprs)} ${condition}` };
}

function judgeMax(variable: string, value: PyValue, reprs: string[], isComplete: boolean): Verdict {
  const numbers = reprs.map((repr) => parseRepr(repr)).map((parsed) => (parsed ? asNumber(parsed) : null));
  const claimed = asNumber(value);
  if (claimed === null || numbers.some((number) => number === null)) return unverifiable(`\`${variable}\` is not always a number`);
  const max = Math.max(...(numbers as number[]));
  if (max === claimed) return { status: "confirmed", detail: `\`${variable}\` goes up to ${max}` };
  if (!isComplete) return unverifiable(`\`${variable}\` goes up to ${max} in the partial trace`);
  return { status: "contradicted", detail: `\`${variable}\` goes up to ${max}` };
}

/**
 * The one loop run an iteration claim about `variable` can mean: the only loop run of the frame, or the
 * only run of the only loop whose body sets the variable. A string says why there is none.
 */
function loopRunFor(facts: TraceFacts, frame: FrameRun, variable: string, qualifier: LoopQualifier | undefined): LoopRun | string {
  let runs = facts.loopRuns.filter((run) => run.frame === frame);
  if (runs.length === 0) return `no loop runs in \`${frame.name}\``;
  if (qualifier) {
    const chosen = nestedLoops([...new Set(runs.map((run) => run.loop))], qualifier);
    if (chosen.length !== 1) return `no single ${qualifier} loop runs in \`${frame.name}\``;
    runs = runs.filter((run) => run.loop === chosen[0]);
    if (runs.length > 1) return `the ${qualifier} loop at line ${chosen[0].header} runs ${runs.length} separate times; the claim does not say which`;
  }
  if (runs.length === 1) return runs[0];
  const setLines = new Set(frame.vars.get(variable)!.map((change) => previousLine(facts, frame, change.step)).filter((line): line is number => line !== null));
  const setting = runs.filter((run) => [...setLines].some((line) => line === run.loop.header || (line >= run.loop.bodyStart && line <= run.loop.bodyEnd)));
  const loops = new Set(setting.map((run) => run.loop));
  if (setting.length === 1) return setting[0];
  if (loops.size === 1 && setting.length > 1) return `the loop at line ${setting[0].loop.header} runs ${setting.length} separate times; the claim does not say which`;
  return `${new Set(runs.map((run) => run.loop)).size} loops run in \`${frame.name}\`; the claim does not say which`;
}

/** The line whose effect a step's `changed` records: the frame's previous step's line. */
function previousLine(facts: TraceFacts, frame: FrameRun, step: number): number | null {
  const k = frame.steps.indexOf(step);
  return k > 0 ? facts.trace.steps[frame.steps[k - 1]].line : null;
}

/** Checks "`v` is never negative" / "always below 10": contradicted by one state, confirmed only by a complete trace. */
export function judgeAlways(claim: Extract<Claim, { kind: "always" }>, facts: TraceFacts, frames: FrameRun[]): Verdict {
  const holding = frames.filter((frame) => frame.vars.has(claim.variable));
  if (holding.length === 0) return unverifiable(`\`${claim.variable}\` is not set in the traced run`);
  const reprs = unique(holding.flatMap((frame) => frame.vars.get(claim.variable)!.map((change) => change.repr)));
  const bound = formatPyValue(claim.value);
  let isUnknown = false;
  for (const repr of reprs) {
    const parsed = parseRepr(repr);
    const holds = parsed === null ? null : satisfies(parsed, claim.comparison, claim.value);
    if (holds === false) return { status: "contradicted", detail: `\`${claim.variable}\` is ${repr} at one point (not ${claim.comparison} ${bound})` };
    if (holds === null) isUnknown = true;
  }
  if (isUnknown || !facts.isComplete) return unverifiable(`\`${claim.variable}\` takes ${listValues(reprs)}; not every value can be compared, or the trace is partial`);
  return { status: "confirmed", detail: `\`${claim.variable}\` takes ${listValues(reprs)}, all ${claim.comparison} ${bound}` };
}

function satisfies(value: PyValue, comparison: Comparison, bound: PyValue): boolean | null {
  if (comparison === "==") return pyEquals(bound, value);
  if (comparison === "!=") return !pyEquals(bound, value);
  const a = asNumber(value);
  const b = asNumber(bound);
  if (a === null || b === null) return null;
  return { "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b }[comparison];
}

/** Whether a traced repr equals a claimed value (false when the repr is cut or not a literal). */
export function matches(value: PyValue, repr: string): boolean {
  const parsed = parseRepr(repr);
  if (parsed === null) return false;
  // Prose quotes a value as often as it quotes a string: "returns "True"" means True when no string came back.
  if (value.kind === "str" && parsed.kind !== "str") {
    const unquoted = parseWholeLiteral(value.value);
    return unquoted !== null && unquoted.kind !== "str" && pyEquals(unquoted, parsed);
  }
  return pyEquals(value, parsed);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
