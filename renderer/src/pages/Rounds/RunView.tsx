import { useEffect, useState } from "react";
import type { RoundRunStatus } from "../../../../native/api/index";
import { api } from "../../api/client";
import { useApi } from "../../api/useApi";
import { appNotificationHost } from "../../app/appNotifications";
import { askNotificationPermission } from "../../app/finishNotifications";
import { useJobs } from "../../api/useJobs";
import { navigate, routeHref } from "../../app/route";
import { JobProgress } from "../../components/JobProgress/JobProgress";
import { KeepAwakeNotice } from "../../components/KeepAwake/KeepAwakeNotice";
import { Button, ConfirmButton, Facts, Notice, Panel, Table } from "../../components/ui";
import { RoundCharts } from "./RoundCharts";
import { SampleTable } from "./SampleTable";

const formatMs = (ms: number) => (ms < 60_000 ? `${Math.round(ms / 1000)} s` : ms < 3_600_000 ? `${Math.round(ms / 60_000)} min` : `${(ms / 3_600_000).toFixed(1)} h`);
const formatBytes = (bytes: number) => (bytes < 1 << 20 ? `${Math.ceil(bytes / 1024)} KiB` : `${(bytes / (1 << 20)).toFixed(1)} MiB`);
const modelName = (model: RoundRunStatus["currentModel"]) => (model.kind === "engine" ? `engine ${model.engine.url}` : `${model.path.split(/[\\/]/).pop()}${model.loraAdapters.length ? ` + ${model.loraAdapters.length} adapter(s)` : ""}`);

/** One run: state and actions, live progress and ETA, per-round table and charts, its samples. */
export function RunView({ name, startedJobId }: { name: string; startedJobId: string | null }) {
  const [version, setVersion] = useState(0);
  const status = useApi(() => api.getRoundRun({ name }), [name, version]);
  const [actionError, setActionError] = useState<string | null>(null);
  const jobs = useJobs();
  // The run's job: the one this page started, else a running "rounds.run" job naming it (started elsewhere).
  const runningJob = [...jobs.values()].reverse().find((job) => job.kind === "rounds.run" && job.status === "running" && job.title.includes(name));
  const [jobId, setJobId] = useState<string | null>(startedJobId);
  const shownJobId = runningJob?.id ?? jobId;
  useEffect(() => setJobId(startedJobId), [startedJobId]);
  useEffect(() => api.subscribe((event) => {
    if (event.topic === "rounds" && (event.payload as { name: string }).name === name) setVersion((v) => v + 1);
  }), [name]);
  const job = shownJobId ? jobs.get(shownJobId) : undefined;
  useEffect(() => {
    if (job && job.status !== "running") setVersion((v) => v + 1);
  }, [job?.status]);

  const act = async (action: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await action();
      setVersion((v) => v + 1);
    } catch (failure) {
      setActionError((failure as Error).message);
    }
  };
  const run = status.data;
  if (status.error) return <Notice tone="error">{status.error.message}</Notice>;
  if (!run) return <p className="muted">Loading {name}…</p>;
  const isRunning = run.state === "running" || job?.status === "running";
  const last = run.rounds[run.rounds.length - 1];

  return (
    <div className="run-view" data-testid="run-view">
      <Panel title={`Run ${run.name}`} actions={<span className={`run-state run-state-${run.state}`} data-testid="run-state">{run.state}</span>}>
        <Facts items={[
          ["Model", `${modelName(run.currentModel)}${run.currentModel !== run.baseModel && JSON.stringify(run.currentModel) !== JSON.stringify(run.baseModel) ? ` (base: ${modelName(run.baseModel)})` : ""}`],
          ["Task sets", `${run.settings.taskSetIds.join(", ")}: ${run.tasks.selected.length} of ${run.tasks.candidates} training tasks${run.tasks.shuffleSeed !== null ? ` (seeded shuffle ${run.tasks.shuffleSeed})` : ""}`],
          ["Settings", `k ${run.settings.k}, hard set from N ${run.settings.hardN} below pass@1 ${run.settings.hardM}, T ${run.settings.temperature}, trace ${run.settings.traceFormat}, ${run.settings.keptPerTask} kept per task, dev check n ${run.settings.evalN}`],
          ["Rounds", `${run.rounds.filter((r) => r.stage === "done").length} of ${run.targetRounds} done`],
          ["Estimate", last?.plan ? `${formatMs(last.plan.estimateMs)}${last.plan.isUpperBound ? " at most" : ""} for round ${last.round}; ${formatMs(last.actualMs)} so far` : "after the first calibration"],
          ["On disk", formatBytes(run.sizeBytes)],
        ]} />
        {run.error && <Notice tone="error">{run.error.message}</Notice>}
        {actionError && <Notice tone="error" data-testid="run-action-error">{actionError}</Notice>}
        <div className="form-actions">
          {!isRunning && run.state !== "done" && <Button variant="primary" onClick={() => (askNotificationPermission(appNotificationHost()), act(async () => setJobId((await api.resumeRounds({ name })).jobId)))} data-testid="resume-run">Resume</Button>}
          {isRunning && <Button onClick={() => act(() => api.pauseRounds({ name }))} data-testid="pause-run">Pause</Button>}
          {isRunning && shownJobId && <Button variant="secondary" onClick={() => act(() => api.cancelJob({ id: shownJobId }))}>Cancel</Button>}
          {!isRunning && <Button variant="secondary" onClick={() => act(async () => setJobId((await api.verifyRoundRun({ name })).jobId))}>Re-verify kept samples</Button>}
          {!isRunning && <ConfirmButton title={`Delete run ${name}?`} description={`Its ${run.rounds.length} round(s) and ${formatBytes(run.sizeBytes)} of samples and receipts are removed for good.`} confirmLabel="Delete" onConfirm={() => act(async () => { await api.deleteRoundRun({ name }); navigate(routeHref("rounds")); })}>Delete…</ConfirmButton>}
        </div>
        <JobProgress jobId={shownJobId} label={`Run ${name}`} testId="run-progress" />
        <KeepAwakeNotice isRunning={isRunning} what="round" />
      </Panel>
      {run.rounds.length > 0 && (
        <Panel title="Rounds">
          <Table caption="Rounds of this run" data-testid="rounds-table">
            <thead><tr><th scope="col">Round</th><th scope="col">Stage</th><th scope="col">Hard set</th><th scope="col">Samples</th><th scope="col">Kept</th><th scope="col">Dev pass@1 (trace / none)</th><th scope="col">Time (est. / actual)</th></tr></thead>
            <tbody>
              {run.rounds.map((round) => (
                <tr key={round.round}>
                  <td>{round.round}</td>
                  <td>{round.stage.replace(/_/g, " ")}</td>
                  <td>{round.hardSet ?? "…"} of {round.candidates}</td>
                  <td>{round.samplesWritten}{round.samplesExpected !== null ? ` / ${round.samplesExpected}` : ""}</td>
                  <td>{round.kept}</td>
                  <td>{round.devCheck ? `${round.devCheck.passAt1.trace?.toFixed(2) ?? "—"} / ${round.devCheck.passAt1.noTrace?.toFixed(2) ?? "—"}` : "—"}</td>
                  <td>{round.plan ? formatMs(round.plan.estimateMs) : "—"} / {formatMs(round.actualMs)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
          <RoundCharts run={run} />
        </Panel>
      )}
      <Panel title="Samples">
        <SampleTable run={name} rounds={run.rounds.map((r) => r.round)} version={version} />
      </Panel>
    </div>
  );
}
