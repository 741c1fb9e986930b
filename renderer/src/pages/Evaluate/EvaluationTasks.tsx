import { useState } from "react";
import type { EvaluationResult, EvaluationSampleRecord } from "../../../../native/api/index";
import { api } from "../../api/client";
import { useApi } from "../../api/useApi";
import { navigate, routeHref } from "../../app/route";
import { CodeView } from "../../components/CodeView/CodeView";
import { percent, verdictMix } from "../../components/EvaluationCompare/formatComparison";
import { Notice, Panel, Select, Table } from "../../components/ui";

/** One sample as EvalPlus users read it: verdict (and why), the rationale, the program that ran. */
function SampleEntry({ sample }: { sample: EvaluationSampleRecord }) {
  const isPass = sample.verdict === "pass";
  return (
    <article className={`evaluation-sample evaluation-sample-${isPass ? "pass" : "other"}`} data-testid="evaluation-sample">
      <header>
        <strong>Sample {sample.sampleIndex + 1}</strong>
        <span className={isPass ? "verdict-good" : "verdict-bad"}>{sample.verdict.replace(/_/g, " ")}</span>
        {sample.reason && <span className="muted">{sample.reason}</span>}
        {sample.line !== null && <span className="muted">line {sample.line} of the file</span>}
        {sample.seed !== null && <span className="muted">seed {sample.seed}</span>}
        {sample.tokens !== null && <span className="muted">{sample.tokens} tokens</span>}
        {sample.checkScore !== null && <span className="muted">claims hold: {Math.round(sample.checkScore * 100)} %</span>}
      </header>
      {sample.hint && <p className="muted">Hint given: {sample.hint}</p>}
      {sample.rationale && <p className="evaluation-rationale">{sample.rationale}</p>}
      {sample.code !== null ? <CodeView value={sample.code} label={`Program of sample ${sample.sampleIndex + 1}`} language="python" maxHeight={260} /> : <CodeView value={sample.completion || "(empty)"} label={`Completion of sample ${sample.sampleIndex + 1}`} language="text" maxHeight={200} />}
    </article>
  );
}

/**
 * Every task of one condition with n, c, pass@1 (c/n) and its verdicts; choosing a task (`#/evaluate/<id>/<task>`)
 * lists its samples below, and links to it in the Debugger.
 */
export function EvaluationTasks({ result, taskId }: { result: EvaluationResult; taskId: string | null }) {
  const [conditionId, setConditionId] = useState(result.conditions[0]?.id ?? "");
  const condition = result.conditions.find((entry) => entry.id === conditionId) ?? result.conditions[0];
  const samples = useApi(async () => (taskId && condition ? api.listEvaluationSamples({ id: result.evaluationId, condition: condition.id, taskId, limit: 500 }) : null), [result.evaluationId, condition?.id, taskId]);
  if (!condition) return null;
  return (
    <Panel title="Tasks and samples" data-testid="evaluation-tasks">
      {result.conditions.length > 1 && <Select isInline label="Condition" value={condition.id} onChange={setConditionId} options={result.conditions.map((entry) => ({ value: entry.id, label: entry.id }))} />}
      <Table caption={`Tasks of ${result.evaluationId}, condition ${condition.id}`}>
        <thead><tr><th scope="col">Task</th><th scope="col">Bug type</th><th scope="col" className="num">n</th><th scope="col" className="num">c</th><th scope="col" className="num">pass@1</th><th scope="col">Verdicts</th></tr></thead>
        <tbody>
          {condition.tasks.map((task) => (
            <tr key={task.taskId} className={task.taskId === taskId ? "selected-row" : undefined}>
              <td><a href={routeHref("evaluate", result.evaluationId, task.taskId)} onClick={(event) => (event.preventDefault(), navigate(routeHref("evaluate", result.evaluationId, task.taskId)))} aria-current={task.taskId === taskId ? "true" : undefined}>{task.taskId}</a></td>
              <td>{task.bugType ?? "—"}</td>
              <td className="num">{task.n}</td>
              <td className="num">{task.c}</td>
              <td className="num">{percent(task.n > 0 ? task.c / task.n : null)}</td>
              <td>{verdictMix(task)}</td>
            </tr>
          ))}
        </tbody>
      </Table>
      {taskId && (
        <section className="evaluation-samples" aria-label={`Samples of ${taskId}`} data-testid="evaluation-task-samples">
          <h3>Samples of {taskId} ({condition.id})</h3>
          <p className="muted"><a href={routeHref("debugger", taskId)}>Open {taskId} in the Debugger</a> · <a href={routeHref("tasks", taskId)}>Show it in Tasks</a></p>
          {samples.error && <Notice tone="error">{samples.error.message}</Notice>}
          {samples.data && samples.data.total === 0 && <Notice tone="info">No sample of this task in this condition.</Notice>}
          {samples.data?.samples.map((sample) => <SampleEntry key={`${sample.condition}-${sample.sampleIndex}`} sample={sample} />)}
          {samples.data && samples.data.total > samples.data.samples.length && <p className="muted">Showing {samples.data.samples.length} of {samples.data.total}.</p>}
        </section>
      )}
    </Panel>
  );
}
