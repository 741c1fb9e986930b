import { useEffect, useRef, useState } from "react";
import type { EvaluateArgs, EvaluationResult, EvaluationSource, EvaluationTraceFormat, TaskSplit } from "../../../../native/api/index";
import { api } from "../../api/client";
import { useApi } from "../../api/useApi";
import { useJob } from "../../api/useJobs";
import { appNotificationHost } from "../../app/appNotifications";
import { askNotificationPermission } from "../../app/finishNotifications";
import { numberField, numberListField } from "../../app/numberField";
import { routeHref } from "../../app/route";
import { JobProgress } from "../../components/JobProgress/JobProgress";
import { PathField } from "../../components/PathField/PathField";
import { evaluationLabel } from "../../components/EvaluationCompare/formatComparison";
import { Button, Checkbox, Notice, Panel, Select, TextArea, TextField } from "../../components/ui";

type SourceKind = "model" | "engine" | "samples";

const splitOrder: TaskSplit[] = ["dev", "test", "train", "prompt"];
const traceChoices: Array<{ id: EvaluationTraceFormat; label: string }> = [
  { id: "next", label: "NExT inline trace" },
  { id: "scratchpad", label: "Scratchpad trace" },
  { id: "none", label: "No trace" },
];
const defaults = { n: "8", ks: "1, 5", temperature: "0.8", seed: "1", fewShot: "", maxTokens: "" };

/**
 * A new evaluation (docs/evaluation.md): the loaded model, a serving engine or an EvalPlus-style samples file, on
 * a task set's splits (dev and test by default), with and without the trace side by side. The job's progress
 * shows under the button; once done the page opens the result (`#/evaluate/<id>`). The same settings resume an
 * unfinished evaluation (its id is a hash of them).
 */
export function NewEvaluationForm({ onDone }: { onDone: (evaluationId: string) => void }) {
  const sets = useApi(() => api.listTaskSets());
  const loaded = useApi(() => api.getLoadedModel());
  const evaluations = useApi(() => api.listEvaluations());
  const [sourceKind, setSourceKind] = useState<SourceKind>("model");
  const [engineUrl, setEngineUrl] = useState("");
  const [samplesFile, setSamplesFile] = useState("");
  const [setId, setSetId] = useState("");
  const [splits, setSplits] = useState<TaskSplit[]>(["dev", "test"]);
  const [traceFormats, setTraceFormats] = useState<EvaluationTraceFormat[]>(["next", "none"]);
  const [fields, setFields] = useState(defaults);
  const [rationalesFrom, setRationalesFrom] = useState("");
  const [grammar, setGrammar] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);

  const chosenSet = (sets.data ?? []).find((set) => set.id === setId);
  // Until one is chosen: the first set.
  useEffect(() => {
    if (!setId && sets.data?.[0]) setSetId(sets.data[0].id);
  }, [sets.data, setId]);
  // Once the job is done, open its result.
  const openedJobId = useRef<string | null>(null);
  useEffect(() => {
    // Once per job, whatever re-renders (or a new `onDone`) come while its result is fetched.
    if (job?.status !== "done" || !jobId || openedJobId.current === jobId) return;
    openedJobId.current = jobId;
    void api.getJob({ id: jobId }).then((state) => onDone((state.result as EvaluationResult).evaluationId), (failure) => setError((failure as Error).message));
  }, [job?.status, jobId, onDone]);

  const field = (key: keyof typeof defaults) => ({ value: fields[key], onChange: (event: { target: { value: string } }) => setFields({ ...fields, [key]: event.target.value }) });
  const checks = {
    n: numberField(fields.n, { integer: true, min: 1, max: 1024 }),
    temperature: numberField(fields.temperature, { min: 0, max: 2 }),
    seed: numberField(fields.seed, { integer: true, min: 0, max: 2 ** 31 - 1 }),
    fewShot: numberField(fields.fewShot, { integer: true, min: 0, max: 3 }),
    maxTokens: numberField(fields.maxTokens, { integer: true, min: 16, max: 32768 }),
  };
  const ks = numberListField(fields.ks, { min: 1, max: 1024 });
  const isSampling = sourceKind !== "samples";
  const source: EvaluationSource | null =
    sourceKind === "samples" ? (samplesFile.trim() ? { kind: "samples", file: samplesFile.trim() } : null)
    : sourceKind === "engine" ? (engineUrl.trim() ? { kind: "engine", engine: { url: engineUrl.trim() } } : null)
    : loaded.data ? { kind: "model", path: loaded.data.path, ...(loaded.data.loraAdapters.length > 0 ? { loraAdapters: loaded.data.loraAdapters } : {}) } : null;
  const hasErrors = Object.values(checks).some((check) => check.error) || ks.error !== null;
  const isRunning = jobId !== null && (!job || job.status === "running");
  const canStart = source !== null && setId !== "" && splits.length > 0 && (!isSampling || traceFormats.length > 0) && !hasErrors && !isRunning;

  const start = async () => {
    if (!source) return;
    setError(null);
    const numbers = Object.fromEntries(Object.entries(checks).filter(([key, check]) => check.value !== null && (isSampling || key === "seed")).map(([key, check]) => [key, check.value]));
    const args: EvaluateArgs = {
      setId, splits, source, ...numbers, ...(ks.value ? { ks: ks.value } : {}),
      ...(isSampling ? { traceFormats, ...(rationalesFrom ? { rationalesFrom } : {}), ...(grammar.trim() ? { grammar } : {}) } : {}),
    };
    try {
      askNotificationPermission(appNotificationHost());
      setJobId((await api.evaluate(args)).jobId);
    } catch (failure) {
      setError((failure as Error).message);
    }
  };

  const toggle = <V,>(list: V[], value: V, checked: boolean) => (checked ? [...list, value] : list.filter((item) => item !== value));
  return (
    <Panel title="New evaluation" data-testid="new-evaluation">
      <div className="form-row">
        <Select label="Samples from" value={sourceKind} onChange={setSourceKind} options={[{ value: "model", label: "The loaded model" }, { value: "engine", label: "A serving engine" }, { value: "samples", label: "A samples file (EvalPlus JSONL)" }]} />
        <Select label="Task set" value={setId} onChange={setSetId} options={(sets.data ?? []).map((set) => ({ value: set.id, label: `${set.name} (${set.id})` }))} />
      </div>
      {sourceKind === "model" && (
        <p className="muted" data-testid="evaluation-model">
          {loaded.data ? <>Samples from the loaded model <code>{loaded.data.info.fileName}</code>{loaded.data.loraAdapters.length > 0 ? ` with ${loaded.data.loraAdapters.length} adapter(s)` : ""}.</> : <>Load a model on the <a href={routeHref("models")}>Models page</a> first.</>}
        </p>
      )}
      {sourceKind === "engine" && <TextField label="Serving engine URL" value={engineUrl} placeholder="http://127.0.0.1:8080/v1" hint="An OpenAI-compatible server (llama-server, vLLM); loopback unless allowed in Settings" onChange={(event) => setEngineUrl(event.target.value)} />}
      {sourceKind === "samples" && (
        <PathField label="Samples file" kind="file" extensions={["jsonl"]} value={samplesFile} onChange={setSamplesFile} placeholder="/path/to/samples.jsonl" hint={'Lines of {"task_id", "completion"} (raw model text) or {"task_id", "solution"} (a whole program)'} data-testid="samples-file" />
      )}
      {(sets.data ?? []).length === 0 && !sets.isLoading && <p className="muted">No task sets yet: <a href={routeHref("tasks")}>import one</a> (the demo set is one click).</p>}
      <fieldset className="set-picker">
        <legend>Splits</legend>
        {splitOrder.map((split) => (
          <Checkbox key={split} label={`${split}${chosenSet ? ` (${chosenSet.bySplit[split] ?? 0})` : ""}`} checked={splits.includes(split)} onChange={(checked) => setSplits(toggle(splits, split, checked))} />
        ))}
      </fieldset>
      {isSampling && (
        <fieldset className="set-picker">
          <legend>Conditions, side by side</legend>
          {traceChoices.map((choice) => <Checkbox key={choice.id} label={choice.label} checked={traceFormats.includes(choice.id)} onChange={(checked) => setTraceFormats(toggle(traceFormats, choice.id, checked))} />)}
        </fieldset>
      )}
      <div className="form-row">
        {isSampling && <TextField label="Samples per task (n)" inputMode="numeric" {...field("n")} error={checks.n.error} />}
        <TextField label="pass@k for k =" {...field("ks")} error={ks.error} hint="A k above a task's n is listed as refused" />
        {isSampling && <TextField label="Temperature" inputMode="decimal" {...field("temperature")} error={checks.temperature.error} />}
        <TextField label="Seed" inputMode="numeric" {...field("seed")} error={checks.seed.error} />
      </div>
      {isSampling && (
        <details className="advanced">
          <summary>Advanced: exemplars, answer length, rationale hints, grammar</summary>
          <div className="form-row">
            <TextField label="Few-shot exemplars (empty: 1)" inputMode="numeric" {...field("fewShot")} error={checks.fewShot.error} />
            <TextField label="Max tokens per answer (empty: the repair step's)" inputMode="numeric" {...field("maxTokens")} error={checks.maxTokens.error} />
          </div>
          <Select label="Rationales of another evaluation as hints (proxy evaluation)" value={rationalesFrom} onChange={setRationalesFrom} options={[{ value: "", label: "none" }, ...(evaluations.data ?? []).map((info) => ({ value: info.id, label: evaluationLabel(info) }))]} />
          <TextArea label="GBNF grammar every completion must follow (optional)" rows={3} value={grammar} onChange={(event) => setGrammar(event.target.value)} />
        </details>
      )}
      {error && <Notice tone="error" data-testid="new-evaluation-error">{error}</Notice>}
      <div className="form-actions">
        <Button variant="primary" onClick={start} disabled={!canStart} data-testid="start-evaluation">{isRunning ? "Evaluating…" : "Evaluate"}</Button>
      </div>
      <JobProgress jobId={jobId} label="Evaluation" testId="evaluation-progress" />
    </Panel>
  );
}
