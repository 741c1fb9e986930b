import { useState } from "react";
import type { RoundRunArgs, RoundTraceFormat } from "../../../../native/api/index";
import { api } from "../../api/client";
import { appNotificationHost } from "../../app/appNotifications";
import { askNotificationPermission } from "../../app/finishNotifications";
import { useApi } from "../../api/useApi";
import { numberField } from "../../app/numberField";
import { routeHref } from "../../app/route";
import { Button, Checkbox, Notice, Panel, Select, TextArea, TextField } from "../../components/ui";

const defaults = { k: "32", hardN: "32", hardM: "0.1", temperature: "0.8", evalN: "8", keptPerTask: "3", fewShot: "1", maxTokens: "512", seed: "1", rounds: "1", maxTasks: "" };

/**
 * A new run: model (the loaded one, or a serving engine), task sets, and every round setting with its
 * documented default (docs/rounds.md). The planner's estimate shows once the run starts (its calibration
 * runs on the model first).
 */
export function NewRunForm({ onStarted }: { onStarted: (name: string, jobId: string) => void }) {
  const sets = useApi(() => api.listTaskSets());
  const loaded = useApi(() => api.getLoadedModel());
  const [name, setName] = useState("");
  const [setIds, setSetIds] = useState<string[]>([]);
  const [engineUrl, setEngineUrl] = useState("");
  const [fields, setFields] = useState(defaults);
  const [traceFormat, setTraceFormat] = useState<RoundTraceFormat>("next");
  const [grammar, setGrammar] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [isStarting, setIsStarting] = useState(false);
  const field = (key: keyof typeof defaults) => ({ value: fields[key], onChange: (event: { target: { value: string } }) => setFields({ ...fields, [key]: event.target.value }) });
  const checks = {
    k: numberField(fields.k, { integer: true, min: 1, max: 256 }),
    hardN: numberField(fields.hardN, { integer: true, min: 1, max: 256 }),
    hardM: numberField(fields.hardM, { min: 0, max: 1 }),
    temperature: numberField(fields.temperature, { min: 0, max: 2 }),
    evalN: numberField(fields.evalN, { integer: true, min: 0, max: 256 }),
    keptPerTask: numberField(fields.keptPerTask, { integer: true, min: 1, max: 64 }),
    fewShot: numberField(fields.fewShot, { integer: true, min: 0, max: 3 }),
    maxTokens: numberField(fields.maxTokens, { integer: true, min: 16, max: 32768 }),
    seed: numberField(fields.seed, { integer: true, min: 0, max: 2 ** 31 - 1 }),
    rounds: numberField(fields.rounds, { integer: true, min: 1, max: 100 }),
    maxTasks: numberField(fields.maxTasks, { integer: true, min: 1, max: 1_000_000 }),
  };
  const nameError = name === "" || /^[A-Za-z0-9._-]{1,64}$/.test(name) ? null : "letters, digits, - _ . (at most 64)";
  const hasErrors = Object.values(checks).some((c) => c.error) || nameError !== null;
  const model = engineUrl.trim() ? { kind: "engine" as const, engine: { url: engineUrl.trim() } } : loaded.data ? { kind: "model" as const, path: loaded.data.path, loraAdapters: loaded.data.loraAdapters } : null;

  const start = async () => {
    if (!model) return;
    setIsStarting(true);
    setError(null);
    const numbers = Object.fromEntries(Object.entries(checks).filter(([, c]) => c.value !== null).map(([key, c]) => [key, c.value]));
    const args: RoundRunArgs = { name, taskSetIds: setIds, model, traceFormat, ...numbers, ...(grammar.trim() ? { grammar } : {}) };
    try {
      askNotificationPermission(appNotificationHost());
      const { jobId } = await api.runRounds(args);
      onStarted(name, jobId);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setIsStarting(false);
    }
  };

  return (
    <Panel title="New run" data-testid="new-run">
      <p className="muted">
        {engineUrl.trim() ? <>Samples from the serving engine <code>{engineUrl.trim()}</code>.</> : loaded.data ? <>Samples from the loaded model <code>{loaded.data.info.fileName}</code>.</> : <>Load a model on the <a href={routeHref("models")}>Models page</a> first, or name a serving engine below.</>}
      </p>
      <div className="form-row">
        <TextField label="Run name" value={name} onChange={(e) => setName(e.target.value)} error={nameError} hint="Re-running a name with the same settings resumes it" />
        <TextField label="Serving engine URL (optional)" value={engineUrl} placeholder="http://127.0.0.1:8080/v1" onChange={(e) => setEngineUrl(e.target.value)} />
      </div>
      <fieldset className="set-picker">
        <legend>Task sets (their training split; contaminated tasks are left out)</legend>
        {(sets.data ?? []).length === 0 && <p className="muted">No task sets yet: <a href={routeHref("tasks")}>import one</a> (the demo set is one click).</p>}
        {(sets.data ?? []).map((set) => (
          <Checkbox key={set.id} label={`${set.name} (${set.id})`} checked={setIds.includes(set.id)} onChange={(checked) => setSetIds(checked ? [...setIds, set.id] : setIds.filter((id) => id !== set.id))} />
        ))}
      </fieldset>
      <div className="form-row">
        <TextField label="Candidates per hard task (k)" inputMode="numeric" {...field("k")} error={checks.k.error} />
        <TextField label="Hard-set samples (N)" inputMode="numeric" {...field("hardN")} error={checks.hardN.error} />
        <TextField label="Hard below pass@1 (m)" inputMode="decimal" {...field("hardM")} error={checks.hardM.error} />
        <TextField label="Temperature" inputMode="decimal" {...field("temperature")} error={checks.temperature.error} />
        <Select label="Trace in the prompt" value={traceFormat} onChange={setTraceFormat} options={[{ value: "next", label: "NExT inline" }, { value: "scratchpad", label: "Scratchpad" }, { value: "none", label: "None" }]} />
      </div>
      <div className="form-row">
        <TextField label="Kept per task" inputMode="numeric" {...field("keptPerTask")} error={checks.keptPerTask.error} />
        <TextField label="Dev check samples (0 skips)" inputMode="numeric" {...field("evalN")} error={checks.evalN.error} />
        <TextField label="Max tasks (empty: all)" inputMode="numeric" {...field("maxTasks")} error={checks.maxTasks.error} />
        <TextField label="Rounds" inputMode="numeric" {...field("rounds")} error={checks.rounds.error} hint="Above 1 needs a trainer (Export page)" />
      </div>
      <details className="advanced">
        <summary>Advanced: exemplars, answer length, seed, grammar</summary>
        <div className="form-row">
          <TextField label="Few-shot exemplars" inputMode="numeric" {...field("fewShot")} error={checks.fewShot.error} />
          <TextField label="Max tokens per answer" inputMode="numeric" {...field("maxTokens")} error={checks.maxTokens.error} />
          <TextField label="Run seed" inputMode="numeric" {...field("seed")} error={checks.seed.error} />
        </div>
        <TextArea label="GBNF grammar every completion must follow (optional)" rows={3} value={grammar} onChange={(e) => setGrammar(e.target.value)} />
      </details>
      {error && <Notice tone="error" data-testid="new-run-error">{error}</Notice>}
      <div className="form-actions">
        <Button variant="primary" onClick={start} disabled={!model || !name || setIds.length === 0 || hasErrors || isStarting} data-testid="start-run">Start the run</Button>
      </div>
    </Panel>
  );
}
