import type { ConditionResult, EvaluationComparison, EvaluationInfo } from "../../../../native/api/index";

/** The verdicts in the order the breakdown lists them: a pass, the wrong fixes, then unparsable apart. */
export const verdictOrder = ["pass", "fail", "error", "timeout", "memory", "syntax", "missing_entry_point", "violation", "output_limit", "unparsable"] as const;

/** A fraction as a percentage with one decimal ("61.0 %"); "—" when it cannot be computed. */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "—" : `${(value * 100).toFixed(1)} %`;
}

/** A difference in percentage points with its sign ("+12.5 pts"). */
export function points(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const rounded = (value * 100).toFixed(1);
  return `${value > 0 ? "+" : value < 0 ? "" : "±"}${rounded === "-0.0" ? "0.0" : rounded} pts`;
}

/** The one-line reading of a comparison: the difference, its interval and whether the interval excludes zero. */
export function describeComparison(comparison: EvaluationComparison): string {
  if (comparison.difference === null || !comparison.interval) return `No task was scored at k = ${comparison.k} in both evaluations.`;
  const { low, high, confidence } = comparison.interval;
  const verdict = low > 0 ? "the other is better" : high < 0 ? "the base is better" : "no clear difference";
  return `pass@${comparison.k}: ${points(comparison.difference)} (${Math.round(confidence * 100)} % CI ${points(low)} to ${points(high)}, ${comparison.pairedTasks} paired tasks): ${verdict}.`;
}

/** What a pick list shows for an evaluation. */
export function evaluationLabel(info: EvaluationInfo): string {
  const source = info.source.kind === "samples" ? `samples ${baseName(info.source.file)}` : info.source.kind === "model" ? baseName(info.source.path) : info.source.engine.url;
  const pass1 = info.passAtK?.["1"];
  return `${info.id} · ${info.setId} · ${source} · ${info.conditions.join(", ")}${pass1 !== undefined ? ` · pass@1 ${percent(pass1)}` : ""}${info.isComplete ? "" : " (incomplete)"}`;
}

/** The ks both evaluations were scored at, ascending. */
export function sharedKs(a: EvaluationInfo | undefined, b: EvaluationInfo | undefined): number[] {
  if (!a?.passAtK || !b?.passAtK) return [];
  const other = new Set(Object.keys(b.passAtK));
  return Object.keys(a.passAtK).filter((k) => other.has(k)).map(Number).sort((x, y) => x - y);
}

/** A condition's verdict counts in `verdictOrder`, zero counts left out ("pass 4, fail 2, unparsable 1"). */
export function verdictMix(condition: Pick<ConditionResult, "verdicts">): string {
  const parts = verdictOrder.filter((verdict) => (condition.verdicts[verdict] ?? 0) > 0).map((verdict) => `${verdict.replace(/_/g, " ")} ${condition.verdicts[verdict]}`);
  return parts.join(", ") || "no samples";
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}
