import type { RoundDropReason, RoundSampleVerdict } from "../../api/roundTypes.js";
import { normalizePython } from "../../tasks/contamination/normalizePython.js";

const SHINGLE = 4;

/** A kept sample as the filter remembers it. */
export interface KeptFingerprint {
  sampleIndex: number;
  exact: string;
  shingles: Set<string>;
}

/**
 * A sample's duplicate-detection form: the fix's code normalised as the contamination guard does (names,
 * comments and layout do not count) followed by the rationale's words, lower-cased, punctuation dropped.
 * Code and rationale together: two samples with the same fix but different reasoning are both worth training on.
 */
export function fingerprint(options: { code: string; rationale: string; sampleIndex: number }): KeptFingerprint {
  const tokens = [...normalizePython(options.code), "<rationale>", ...(options.rationale.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [])];
  const shingles = new Set<string>();
  for (let i = 0; i + SHINGLE <= tokens.length; i += 1) shingles.add(tokens.slice(i, i + SHINGLE).join(" "));
  if (tokens.length < SHINGLE) shingles.add(tokens.join(" "));
  return { sampleIndex: options.sampleIndex, exact: tokens.join(" "), shingles };
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const item of a) if (b.has(item)) shared += 1;
  const union = a.size + b.size - shared;
  return union === 0 ? 1 : shared / union;
}

export type KeepDecision =
  | { kept: true; keptReason: "passed_filters"; droppedReason: null; duplicateOf: null; fingerprint: KeptFingerprint }
  | { kept: false; keptReason: null; droppedReason: RoundDropReason; duplicateOf: number | null };

/**
 * The round's filter for one sample, given the samples of the same task already kept this round (in sample
 * order, so a resumed round decides exactly as an uninterrupted one). Checks, in order: the verdict is
 * "pass"; not an exact or near duplicate of a kept sample; the trace-check score reaches `minCheckScore`
 * when one is set; the task has fewer than `keptPerTask` kept samples.
 */
export function decideKeep(options: {
  sample: { sampleIndex: number; verdict: RoundSampleVerdict; code: string; rationale: string; checkScore: number | null };
  kept: readonly KeptFingerprint[];
  keptPerTask: number;
  nearDuplicateThreshold: number;
  minCheckScore: number | null;
}): KeepDecision {
  const { sample, kept, keptPerTask, nearDuplicateThreshold, minCheckScore } = options;
  if (sample.verdict !== "pass") return { kept: false, keptReason: null, droppedReason: "not_passing", duplicateOf: null };
  const print = fingerprint(sample);
  const exact = kept.find((other) => other.exact === print.exact);
  if (exact) return { kept: false, keptReason: null, droppedReason: "duplicate", duplicateOf: exact.sampleIndex };
  const near = kept.find((other) => jaccard(other.shingles, print.shingles) >= nearDuplicateThreshold);
  if (near) return { kept: false, keptReason: null, droppedReason: "near_duplicate", duplicateOf: near.sampleIndex };
  if (minCheckScore !== null && (sample.checkScore === null || sample.checkScore < minCheckScore)) return { kept: false, keptReason: null, droppedReason: "low_check_score", duplicateOf: null };
  if (kept.length >= keptPerTask) return { kept: false, keptReason: null, droppedReason: "task_cap", duplicateOf: null };
  return { kept: true, keptReason: "passed_filters", droppedReason: null, duplicateOf: null, fingerprint: print };
}
