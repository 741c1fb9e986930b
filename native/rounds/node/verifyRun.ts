import { createHash } from "node:crypto";
import type { RoundVerifyReport } from "../../api/roundsApi.js";
import type { JobContext } from "../../common/jobs.js";
import type { SandboxRuntime } from "../../python/SharedPythonRuntime.js";
import { repairCaseFromTask } from "../../repair/RepairCase.js";
import type { TaskStore } from "../../tasks/TaskStore.js";
import { hashTests } from "./buildRoundRecord.js";
import type { RunStore } from "./RunStore.js";

/**
 * `round verify`: re-runs every kept sample's code in the sandbox against its task's tests, under the limits
 * and test seed of its receipt, and reports each sample whose verdict changed, or whose code, task or tests
 * no longer hash to what the receipt says (then it is not re-run: the inputs are not the same).
 */
export async function verifyRun(options: { store: RunStore; taskStore: TaskStore; runtime: SandboxRuntime; name: string; round?: number; job: JobContext }): Promise<RoundVerifyReport> {
  const { store, taskStore, runtime, name, job } = options;
  const run = await store.readRun(name);
  const rounds = options.round === undefined ? run.rounds.map((entry) => entry.round) : [options.round];
  const kept = [];
  for (const round of rounds) kept.push(...(await store.readSamples(name, round)).filter((record) => record.kept));
  const tasks = new Map((await taskStore.views(run.settings.taskSetIds)).map((task) => [task.id, task]));
  const report: RoundVerifyReport = { name, checked: 0, changed: [] };
  job.progress(0, kept.length);
  for (const record of kept) {
    job.signal.throwIfAborted();
    const { receipt } = record;
    const change = (now: RoundVerifyReport["changed"][number]["now"], reason: string) => report.changed.push({ round: record.round, taskId: record.taskId, sampleIndex: record.sampleIndex, recorded: record.verdict, now, reason });
    const task = tasks.get(record.taskId);
    if (!task) change(null, "the task is no longer in the store");
    else if (createHash("sha256").update(record.code).digest("hex") !== receipt.codeHash) change(null, "the recorded code does not match its receipt's codeHash");
    else if (task.contentHash !== receipt.taskHash || hashTests(task) !== receipt.testsHash) change(null, "the task or its tests changed since the sample was recorded");
    else {
      const request = repairCaseFromTask(task).execRequest(record.code, receipt.limits);
      const result = await runtime.exec({ ...request, ...(receipt.runtime.testSeed !== null ? { testSeed: receipt.runtime.testSeed } : {}) }, { signal: job.signal });
      if (result.verdict !== receipt.verdict) change(result.verdict, `re-run gives "${result.verdict}" where the receipt says "${receipt.verdict}"`);
    }
    report.checked += 1;
    job.progress(report.checked, kept.length);
  }
  return report;
}
