// `npm run bench -- contamination`: the contamination guard on real MBPP code. Compares the inverted-index
// candidate search (findContamination) with a brute-force all-pairs Jaccard on the same programs, and shows
// the normaliser's throughput. Same input, same threshold, one run; prints both and the ratio.
import { readFileSync } from "node:fs";
import type { TaskView } from "../../native/api/taskTypes.js";
import { findContamination } from "../../native/tasks/contamination/findContamination.js";
import { normalizePython } from "../../native/tasks/contamination/normalizePython.js";
import { datasetsDir } from "../datasetsDir.js";

const records = readFileSync(`${datasetsDir}/mbpp.jsonl`, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as { task_id: number; code: string });
const view = (id: string, split: TaskView["split"], code: string): TaskView => ({
  id, setId: "mbpp", kind: "problem", description: "", prompt: null, buggyProgram: null, reference: code, entryPoint: "f",
  tests: { kind: "asserts", setup: "", asserts: [] }, bugType: null, split, contentHash: id, importedAt: "", provenance: { format: "mbpp", file: "", sourceId: id, licence: "" }, validation: null,
});
// Training side scaled to Mbpp-R's size (10,047 in the paper) by repeating MBPP 511-974 with renamed identifiers.
const trainBase = records.filter((r) => r.task_id > 510);
const train: TaskView[] = [];
for (let copy = 0; train.length < 10_000; copy += 1) for (const r of trainBase) if (train.length < 10_000) train.push(view(`t${copy}/${r.task_id}`, "train", r.code.replace(/\b([a-z_]\w*)\b(?=\s*=)/g, `$1_${copy}`)));
const evaluation = records.filter((r) => r.task_id >= 11 && r.task_id <= 510).map((r) => view(`e/${r.task_id}`, "test", r.code));
const threshold = 0.9;

let start = performance.now();
let tokens = 0;
for (const task of [...train, ...evaluation]) tokens += normalizePython(task.reference!).length;
const normaliseMs = performance.now() - start;

start = performance.now();
const indexed = findContamination({ train, evaluation, threshold });
const indexedMs = performance.now() - start;

// Brute force on a slice (all-pairs is quadratic); both methods are timed on the same slice for the ratio.
const slice = train.slice(0, 1000);
start = performance.now();
const shingles = (code: string) => {
  const t = normalizePython(code);
  const set = new Set<string>();
  for (let i = 0; i + 4 <= t.length; i += 1) set.add(t.slice(i, i + 4).join(" "));
  return set;
};
const evalSets = evaluation.map((e) => shingles(e.reference!));
let bruteHits = 0;
for (const task of slice) {
  const mine = shingles(task.reference!);
  for (const other of evalSets) {
    let shared = 0;
    for (const s of mine) if (other.has(s)) shared += 1;
    if (shared / (mine.size + other.size - shared) >= threshold) bruteHits += 1;
  }
}
const bruteMs = performance.now() - start;
start = performance.now();
const indexedSlice = findContamination({ train: slice, evaluation, threshold });
const indexedSliceMs = performance.now() - start;

console.log(`programs: ${train.length} train x ${evaluation.length} test (MBPP code), threshold ${threshold}`);
console.log(`normalise        ${(train.length + evaluation.length)} programs, ${tokens} tokens in ${normaliseMs.toFixed(0)} ms (${((train.length + evaluation.length) / (normaliseMs / 1000)).toFixed(0)} programs/s)`);
console.log(`indexed, full    ${indexedMs.toFixed(0)} ms, ${indexed.comparedPairs} candidate pairs scored, ${indexed.pairs.length} pairs >= ${threshold}`);
console.log(`slice of 1000 train: brute force ${bruteMs.toFixed(0)} ms (${slice.length * evaluation.length} pairs, ${bruteHits} hits) | indexed ${indexedSliceMs.toFixed(0)} ms (${indexedSlice.pairs.length} pairs incl. exact) | ratio ${(bruteMs / indexedSliceMs).toFixed(1)}x`);
