import type { ImportProblem, ImportProblemGroup } from "../../api/taskTypes.js";

/** Places listed per group: enough to find the pattern, few enough to read. */
const FIRST_PLACES = 5;

/**
 * Groups import problems by reason, largest group first (ties: first seen first). A JSON parse error's
 * detail (position, token) differs on every line of a non-JSON file, so those group as "not valid JSON".
 */
export function groupImportProblems(problems: readonly ImportProblem[]): ImportProblemGroup[] {
  const groups = new Map<string, ImportProblemGroup>();
  for (const problem of problems) {
    const reason = problem.reason.startsWith("not valid JSON") ? "not valid JSON" : problem.reason;
    let group = groups.get(reason);
    if (!group) {
      group = { reason, count: 0, first: [] };
      groups.set(reason, group);
    }
    group.count += 1;
    if (group.first.length < FIRST_PLACES) group.first.push(problem);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}
