import type { ContaminationPair, ContaminationReport, TaskView } from "../../api/taskTypes.js";
import { normalizePython } from "./normalizePython.js";

/** Default near-duplicate threshold: Jaccard similarity of token 4-gram sets (a setting; docs/tasks.md). */
export const defaultNearDuplicateThreshold = 0.9;
const SHINGLE = 4;

interface Program {
  taskId: string;
  field: "buggyProgram" | "reference";
  exact: string;
  shingles: Set<string>;
}

/**
 * Exact and near duplicates between training tasks and evaluation (dev/test) tasks, on normalised code
 * (normalizePython): exact when the token lists are equal, near when the Jaccard similarity of their token
 * 4-gram sets reaches `threshold`. Candidates come from an inverted index of the evaluation shingles probed
 * with each training program's rarest shingles (a prefix filter that cannot miss a pair above threshold).
 */
export function findContamination(options: {
  train: TaskView[];
  evaluation: TaskView[];
  /** Default: 0.9. */
  threshold?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}): Omit<ContaminationReport, "trainSetIds" | "evalSetIds" | "checkedAt"> {
  const { train, evaluation, threshold = defaultNearDuplicateThreshold, signal, onProgress } = options;
  const evalPrograms = evaluation.flatMap(programsOf);
  const byExact = new Map<string, Program[]>();
  const postings = new Map<string, number[]>();
  evalPrograms.forEach((program, index) => {
    byExact.set(program.exact, [...(byExact.get(program.exact) ?? []), program]);
    for (const shingle of program.shingles) {
      const list = postings.get(shingle);
      if (list) list.push(index);
      else postings.set(shingle, [index]);
    }
  });
  const best = new Map<string, ContaminationPair>();
  let compared = 0;
  const record = (pair: ContaminationPair) => {
    const key = `${pair.trainTaskId}\u0000${pair.evalTaskId}`;
    const current = best.get(key);
    if (!current || pair.similarity > current.similarity) best.set(key, pair);
  };
  train.forEach((task, taskIndex) => {
    signal?.throwIfAborted();
    for (const program of programsOf(task)) {
      for (const twin of byExact.get(program.exact) ?? []) {
        if (twin.taskId !== program.taskId) record({ trainTaskId: program.taskId, evalTaskId: twin.taskId, similarity: 1, kind: "exact", fields: `${program.field}=${twin.field}` });
      }
      // Prefix filter (exact, from set-similarity joins): J(A,B) >= t implies |A∩B| >= t·|A|, so any
      // |A| - ceil(t·|A|) + 1 shingles of A contain a shared one. Probing only A's rarest ones skips the
      // shingles every program has ("def v0 ( v1"), which would otherwise make nearly every pair a candidate.
      const own = [...program.shingles].sort((a, b) => (postings.get(a)?.length ?? 0) - (postings.get(b)?.length ?? 0));
      const probe = own.slice(0, own.length - Math.ceil(threshold * own.length) + 1);
      const candidates = new Set<number>();
      for (const shingle of probe) for (const index of postings.get(shingle) ?? []) candidates.add(index);
      compared += candidates.size;
      for (const index of candidates) {
        const other = evalPrograms[index];
        if (other.taskId === program.taskId || other.exact === program.exact) continue;
        let shared = 0;
        for (const shingle of program.shingles) if (other.shingles.has(shingle)) shared += 1;
        const similarity = shared / (program.shingles.size + other.shingles.size - shared);
        if (similarity >= threshold) record({ trainTaskId: program.taskId, evalTaskId: other.taskId, similarity: Math.round(similarity * 1000) / 1000, kind: "near", fields: `${program.field}~${other.field}` });
      }
    }
    onProgress?.(taskIndex + 1, train.length);
  });
  const pairs = [...best.values()].sort((a, b) => b.similarity - a.similarity || a.trainTaskId.localeCompare(b.trainTaskId));
  return { threshold, comparedPairs: compared, pairs, contaminatedTaskIds: [...new Set(pairs.map((pair) => pair.trainTaskId))].sort() };
}

function programsOf(task: TaskView): Program[] {
  const programs: Program[] = [];
  for (const field of ["buggyProgram", "reference"] as const) {
    const source = task[field];
    if (!source) continue;
    const tokens = normalizePython(source);
    const shingles = new Set<string>();
    for (let i = 0; i + SHINGLE <= tokens.length; i += 1) shingles.add(tokens.slice(i, i + SHINGLE).join(" "));
    if (tokens.length < SHINGLE) shingles.add(tokens.join(" "));
    programs.push({ taskId: task.id, field, exact: tokens.join(" "), shingles });
  }
  return programs;
}
