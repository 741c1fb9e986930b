/**
 * Live ETA accuracy (issue 11): runs a real verify batch and a real import with validation on this machine,
 * and prints, at 10/25/50/75 % done, how far the ETA the job reported then put the finish from the real one
 * (as a share of the job's duration), and the worst error from 10 % on. Nothing is asserted: wall-clock
 * numbers depend on the machine; the estimator itself is tested on recorded logs (tests/unit/jobs).
 *   npm run bench -- eta
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { JobState } from "../../native/api/index";
import { createCore } from "../../native/core/createCore";

type Core = Awaited<ReturnType<typeof createCore>>;

async function measure(core: Core, name: string, start: () => Promise<{ jobId: string }>): Promise<void> {
  const seen: Array<{ at: number; job: JobState }> = [];
  const stop = core.subscribe((event) => event.topic === "job" && seen.push({ at: Date.now(), job: event.payload }));
  const { jobId } = await start();
  while ((await core.api.getJob({ id: jobId })).status === "running") await new Promise((resolve) => setTimeout(resolve, 100));
  await new Promise((resolve) => setTimeout(resolve, 50));
  stop();
  const events = seen.filter((event) => event.job.id === jobId);
  const started = Date.parse(events[0].job.startedAt);
  const end = events.at(-1)!.at - started;
  const errors = events
    .filter(({ job }) => job.status === "running" && job.total !== null && job.etaMs !== null && job.done >= 0.1 * job.total && job.done < job.total)
    .map(({ at, job }) => ({ share: job.done / job.total!, error: (at - started + job.etaMs! - end) / end }));
  const at = (share: number) => errors.find((entry) => entry.share >= share);
  const cell = (share: number) => (at(share) ? `${(at(share)!.error * 100).toFixed(1).padStart(6)} %` : "      —");
  const worst = errors.reduce((max, entry) => Math.max(max, Math.abs(entry.error)), 0);
  console.log(`${name.padEnd(8)} ${(end / 1000).toFixed(1).padStart(6)} s  ${cell(0.1)} ${cell(0.25)} ${cell(0.5)} ${cell(0.75)}   worst ${(worst * 100).toFixed(1)} %`);
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), "tracetune-bench-eta-"));
const core = await createCore({ host: "cli", dataDir });
try {
  console.log("job      length     at 10 %   at 25 %   at 50 %   at 75 %   (finish predicted minus real, share of the job's length)");
  const requests = Array.from({ length: 120 }, (_, index) => ({
    program: "def work(n):\n    total = 0\n    for i in range(n):\n        total += i % 7\n    return total\n",
    tests: `assert work(${index % 7 === 0 ? 400_000 : index % 3 === 0 ? 60_000 : 2_000}) >= 0`,
  }));
  await measure(core, "verify", () => core.api.pythonVerifyBatch({ requests }));
  const demo = readFileSync("resources/demo-tasks/demo-tasks.jsonl", "utf8").trim().split("\n").map((line) => JSON.parse(line) as { id: string });
  const file = path.join(dataDir, "tasks.jsonl");
  writeFileSync(file, Array.from({ length: 6 }, (_, copy) => demo.map((task) => JSON.stringify({ ...task, id: `${task.id}_${copy}` }))).flat().join("\n") + "\n");
  await measure(core, "import", () => core.api.importTasks({ format: "jsonl", files: [file] }));
} finally {
  await core.dispose();
  rmSync(dataDir, { recursive: true, force: true });
}
