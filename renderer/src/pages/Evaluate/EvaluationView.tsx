import { useEffect, useRef, useState } from "react";
import type { EvaluateArgs, EvaluationResult } from "../../../../native/api/index";
import { api } from "../../api/client";
import { useApi } from "../../api/useApi";
import { useJob } from "../../api/useJobs";
import { routeHref } from "../../app/route";
import { ConditionTable } from "../../components/EvaluationCompare/EvaluationCompare";
import { percent } from "../../components/EvaluationCompare/formatComparison";
import { JobProgress } from "../../components/JobProgress/JobProgress";
import { Button, Facts, Notice, Panel, Table } from "../../components/ui";
import { EvaluationTasks } from "./EvaluationTasks";

/** The arguments that continue an unfinished evaluation in its own folder; null when the UI cannot repeat them (a grammar is stored only as its hash). */
export function resumeArgs(result: EvaluationResult): EvaluateArgs | null {
  const { config } = result;
  if (config.grammarHash !== null) return null;
  const { sha256: _hash, ...source } = config.source;
  return {
    id: config.id, setId: config.setId, splits: config.splits, ...(config.taskIds ? { taskIds: config.taskIds } : {}), source, ks: config.ks, seed: config.seed,
    ...(config.n !== null ? { n: config.n } : {}), ...(config.temperature !== null ? { temperature: config.temperature } : {}),
    ...(config.maxTokens !== null ? { maxTokens: config.maxTokens } : {}), ...(config.fewShot !== null ? { fewShot: config.fewShot } : {}),
    ...(source.kind !== "samples" ? { traceFormats: [...new Set(config.conditions.map((condition) => condition.traceFormat).filter((format) => format !== null))] } : {}),
    ...(config.rationalesFrom ? { rationalesFrom: config.rationalesFrom } : {}), includeInvalid: config.includeInvalid, identity: config.identity,
  };
}

const describeSource = (source: EvaluationResult["config"]["source"]) =>
  source.kind === "samples" ? <>samples file <code>{source.file}</code></> : source.kind === "model" ? <>model <code>{source.path}</code>{source.loraAdapters?.length ? ` + ${source.loraAdapters.length} adapter(s)` : ""}</> : <>serving engine <code>{source.engine.url}</code></>;

/**
 * One evaluation (`#/evaluate/<id>`, `#/evaluate/<id>/<task>`): what it was of, pass@k per condition side by
 * side, by bug type, what was missing, left out, skipped or refused, and every task's samples.
 */
export function EvaluationView({ id, taskId }: { id: string; taskId: string | null }) {
  const [version, setVersion] = useState(0);
  const [resumeJobId, setResumeJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loaded = useApi(() => api.getEvaluation({ id }), [id, version]);
  // A resume that ended (done, cancelled or failed: what it sampled is recorded either way) rescored the evaluation:
  // show the new scores once per job.
  const resumeJob = useJob(resumeJobId);
  const reloadedFor = useRef<string | null>(null);
  useEffect(() => {
    if (!resumeJobId || !resumeJob || resumeJob.status === "running" || reloadedFor.current === resumeJobId) return;
    reloadedFor.current = resumeJobId;
    setVersion((value) => value + 1);
  }, [resumeJob?.status, resumeJobId]);
  const result = loaded.data;
  if (loaded.error) return <Notice tone="error" data-testid="evaluation-error">{loaded.error.message}</Notice>;
  if (!result) return <p className="muted">Loading {id}…</p>;
  const { config } = result;
  const again = resumeArgs(result);
  const resume = async () => {
    if (!again) return;
    setError(null);
    try {
      setResumeJobId((await api.evaluate(again)).jobId);
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  const bugTypes = Object.keys(result.conditions[0]?.byBugType ?? {}).sort();
  return (
    <>
      <Panel title={`Evaluation ${result.evaluationId}`} data-testid="evaluation-view" actions={<span className={`evaluation-state evaluation-state-${result.isComplete ? "complete" : "incomplete"}`} data-testid="evaluation-state">{result.isComplete ? "complete" : "incomplete"}</span>}>
        <p><a href={routeHref("evaluate")}>All evaluations</a></p>
        <Facts items={[
          ["Of", describeSource(config.source)],
          ["Task set", <>{config.setId}: {config.taskIds ? `${config.taskIds.length} chosen tasks` : config.splits.join(", ")}</>],
          ["Samples", config.n === null ? "as the file holds them" : `n = ${config.n} per task and condition, temperature ${config.temperature ?? "—"}, seed ${config.seed}`],
          ["pass@k", <span data-testid="evaluation-pass">{Object.entries(result.passAtK).map(([k, value]) => `pass@${k} ${percent(value)}`).join(" · ")} ({result.conditions[0]?.id ?? "—"})</span>],
          ["Scored", new Date(result.scoredAt).toLocaleString()],
        ]} />
        {!result.isComplete && (
          <Notice tone="warning">
            Samples are still owed (the run was cancelled or stopped). {again ? "Resume continues where it stopped." : <>It was run with a grammar: resume it with <code>tracetune eval</code> and the same arguments.</>}
            {again && <> <Button size="sm" onClick={resume} data-testid="resume-evaluation">Resume</Button></>}
          </Notice>
        )}
        {error && <Notice tone="error">{error}</Notice>}
        <JobProgress jobId={resumeJobId} label="Evaluation" testId="resume-progress" />
        <ConditionTable result={result} title="this evaluation" />
        {result.missing.length > 0 && <Notice tone="warning" data-testid="evaluation-missing">{result.missing.length} task(s) of the set have no sample and are not averaged: {result.missing.slice(0, 12).join(", ")}{result.missing.length > 12 ? ", …" : ""}</Notice>}
        {result.leftOut.length > 0 && <Notice tone="info">{result.leftOut.length} task(s) left out before sampling: {result.leftOut.slice(0, 6).map((entry) => `${entry.taskId} (${entry.reason})`).join("; ")}</Notice>}
        {result.skipped.length > 0 && <Notice tone="warning" data-testid="evaluation-skipped">{result.skipped.length} line(s) of the samples file not scored: {result.skipped.slice(0, 6).map((entry) => `line ${entry.line}${entry.taskId ? ` (${entry.taskId})` : ""}: ${entry.reason}`).join("; ")}</Notice>}
        {result.refusedK.map((refused) => <Notice key={refused.k} tone="info">pass@{refused.k} leaves out {refused.taskIds.length} task(s) with fewer than {refused.k} samples: {refused.taskIds.slice(0, 6).join(", ")}</Notice>)}
      </Panel>
      {bugTypes.length > 0 && (
        <Panel title="By bug type">
          <Table caption="pass@k by bug type and condition" data-testid="evaluation-bug-types">
            <thead><tr><th scope="col">Bug type</th><th scope="col" className="num">tasks</th>{result.conditions.flatMap((condition) => config.ks.map((k) => <th scope="col" key={`${condition.id}-${k}`} className="num">{condition.id} pass@{k}</th>))}</tr></thead>
            <tbody>
              {bugTypes.map((bugType) => (
                <tr key={bugType}>
                  <td>{bugType}</td>
                  <td className="num">{result.conditions[0].byBugType[bugType].tasks}</td>
                  {result.conditions.flatMap((condition) => config.ks.map((k) => <td key={`${condition.id}-${k}`} className="num">{percent(condition.byBugType[bugType]?.passAtK[String(k)])}</td>))}
                </tr>
              ))}
            </tbody>
          </Table>
        </Panel>
      )}
      <EvaluationTasks result={result} taskId={taskId} />
    </>
  );
}
