import { useEffect, useMemo, useState } from "react";
import type { ExportManifest, RoundRunStatus, TrainingEstimate, TrainingSettings, TrainOptions, TrainResult } from "../../../../native/api/index";
import { api } from "../../api/client";
import type { ApiError } from "../../api/transport";
import { jobStore, useJob } from "../../api/useJobs";
import { Chart } from "../../components/Chart/Chart";
import { CodeView } from "../../components/CodeView/CodeView";
import { JobProgress } from "../../components/JobProgress/JobProgress";
import { PathField } from "../../components/PathField/PathField";
import { Button, Checkbox, Facts, Notice, Panel, Select, TextField } from "../../components/ui";
import { formatBytes, formatSeconds } from "./exportForm";
import { TrainingResultView } from "./TrainingResultView";
import { useTrainingFeed } from "./useTrainingEvents";

type TrainerKind = "llama-finetune" | "lora" | "path";

interface TrainingForm {
  exportDir: string;
  model: string;
  trainer: TrainerKind;
  trainerPath: string;
  epochs: string;
  learningRate: string;
  contextSize: string;
  valSplit: string;
  quantize: "Q8_0" | "Q4_0" | "none";
  corpus: "chat" | "completions";
  loraRank: string;
  loraAlpha: string;
  loraModules: string;
  isRegistered: boolean;
  force: boolean;
}

/** The options for `form`, or the first field that is not a valid number (checked here: the core never sees it). */
function toTrainOptions(form: TrainingForm, run: string): { options: TrainOptions; errors: Partial<Record<keyof TrainingForm, string>> } {
  const errors: Partial<Record<keyof TrainingForm, string>> = {};
  const number = (key: keyof TrainingForm, value: string, isValid: (n: number) => boolean, message: string): number | undefined => {
    if (value.trim() === "") return undefined;
    const n = Number(value);
    if (!isValid(n)) errors[key] = message;
    return isValid(n) ? n : undefined;
  };
  const epochs = number("epochs", form.epochs, (n) => Number.isInteger(n) && n > 0, "A whole number of epochs above 0.");
  const learningRate = number("learningRate", form.learningRate, (n) => n > 0 && n < 1, "Above 0 and below 1, e.g. 1e-4.");
  const contextSize = number("contextSize", form.contextSize, (n) => Number.isInteger(n) && n >= 16, "A whole number of tokens, at least 16.");
  const valSplit = number("valSplit", form.valSplit, (n) => n >= 0 && n < 1, "A share from 0 up to (not including) 1.");
  const rank = number("loraRank", form.loraRank, (n) => Number.isInteger(n) && n > 0, "A whole number above 0.");
  const alpha = number("loraAlpha", form.loraAlpha, (n) => n > 0, "A number above 0.");
  const modules = form.loraModules.split(/[\s,]+/).filter(Boolean);
  const trainer = form.trainer === "path" ? form.trainerPath.trim() : form.trainer;
  if (form.trainer === "path" && trainer === "") errors.trainerPath = "The LoRA trainer binary's path.";
  return {
    options: {
      exportDir: form.exportDir.trim(),
      model: form.model.trim(),
      trainer,
      ...(epochs !== undefined ? { epochs } : {}),
      ...(learningRate !== undefined ? { learningRate } : {}),
      ...(contextSize !== undefined ? { contextSize } : {}),
      ...(valSplit !== undefined ? { valSplit } : {}),
      quantize: form.quantize,
      ...(form.trainer === "llama-finetune" ? { corpus: form.corpus } : {}),
      ...(form.trainer !== "llama-finetune" ? { lora: { ...(rank !== undefined ? { rank } : {}), ...(alpha !== undefined ? { alpha } : {}), ...(modules.length ? { modules } : {}) } } : {}),
      ...(form.isRegistered ? { run } : {}),
      ...(form.force ? { force: true } : {}),
    },
    errors,
  };
}

/** Log lines shown: a tail that fits without scrolling, so the newest line is always in view. */
const tailLines = 20;

const fieldOfError: Record<string, keyof TrainingForm> = { exportDir: "exportDir", model: "model", trainer: "trainerPath", epochs: "epochs", learningRate: "learningRate", contextSize: "contextSize", valSplit: "valSplit" };

/**
 * Training on an export: trainer and settings, the memory/time estimate (and the refusal above the machine's
 * memory) before anything starts, start/cancel as a job, the live loss chart and log, and the trained model.
 */
export function TrainingPanel({ run, exported, baseModel }: { run: RoundRunStatus; exported: { dir: string; manifest: ExportManifest } | null; baseModel: string }) {
  const [form, setForm] = useState<TrainingForm>({ exportDir: "", model: "", trainer: "llama-finetune", trainerPath: "", epochs: "", learningRate: "", contextSize: "", valSplit: "", quantize: "Q8_0", corpus: "chat", loraRank: "", loraAlpha: "", loraModules: "", isRegistered: true, force: false });
  const [settings, setSettings] = useState<TrainingSettings | null>(null);
  const set = <K extends keyof TrainingForm>(key: K, value: TrainingForm[K]) => setForm((previous) => ({ ...previous, [key]: value }));
  useEffect(() => {
    api.getTrainingSettings().then((loaded) => {
      setSettings(loaded);
      setForm((previous) => ({ ...previous, epochs: previous.epochs || String(loaded.epochs), learningRate: previous.learningRate || String(loaded.learningRate), quantize: loaded.quantize, corpus: loaded.corpus, loraRank: String(loaded.lora.rank), loraAlpha: String(loaded.lora.alpha), loraModules: loaded.lora.modules.join(", ") }));
    }, () => {});
  }, []);
  // The newest export and its model are what one trains next; the fields stay editable.
  useEffect(() => {
    if (!exported) return;
    setForm((previous) => ({ ...previous, exportDir: exported.dir, model: baseModel.trim() || exported.manifest.model?.file || previous.model }));
  }, [exported, baseModel]);
  useEffect(() => {
    if (baseModel.trim()) set("model", baseModel.trim());
  }, [baseModel]);
  useEffect(() => {
    if (form.model || run.baseModel.kind !== "model") return;
    set("model", run.baseModel.path);
  }, [run.baseModel]);

  // The chosen export's manifest: what will be trained on, and the model it was rendered for.
  const [chosenExport, setChosenExport] = useState<{ dir: string; manifest: ExportManifest | null; error: string | null } | null>(null);
  useEffect(() => {
    const dir = form.exportDir.trim();
    if (!dir) return setChosenExport(null);
    let isCurrent = true;
    const timer = setTimeout(() => {
      api.readExport({ dir }).then(
        (manifest) => {
          if (!isCurrent) return;
          setChosenExport({ dir, manifest, error: null });
          if (manifest.model) setForm((previous) => (previous.model ? previous : { ...previous, model: manifest.model!.file }));
        },
        (error: ApiError) => isCurrent && setChosenExport({ dir, manifest: null, error: error.message }),
      );
    }, 300);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [form.exportDir]);

  const { options, errors } = toTrainOptions(form, run.name);
  const [estimate, setEstimate] = useState<{ value: TrainingEstimate | null; error: ApiError | null }>({ value: null, error: null });
  const estimateKey = options.exportDir && options.model && Object.keys(errors).length === 0 ? JSON.stringify({ ...options, force: undefined, run: undefined }) : null;
  useEffect(() => {
    if (!estimateKey) return setEstimate({ value: null, error: null });
    let isCurrent = true;
    const timer = setTimeout(() => {
      api.estimateTraining(JSON.parse(estimateKey) as TrainOptions).then(
        (value) => isCurrent && setEstimate({ value, error: null }),
        (error: ApiError) => isCurrent && setEstimate({ value: null, error }),
      );
    }, 300);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [estimateKey]);

  const [jobId, setJobId] = useState<string | null>(null);
  const [startError, setStartError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<TrainResult | null>(null);
  const job = useJob(jobId);
  const feed = useTrainingFeed(jobId);
  const isRunning = job?.status === "running" || (jobId !== null && !job);
  const start = async () => {
    setStartError(null);
    setResult(null);
    try {
      const finished = await jobStore.runJob(() => api.startTraining(options), setJobId);
      if (finished.status === "done") setResult(finished.result as TrainResult);
    } catch (failure) {
      setStartError(failure as ApiError);
    }
  };

  const lossChart = useMemo(() => {
    const train = feed.points.filter((point) => point.phase === "train");
    if (train.length === 0) return null;
    const x = train.map((point) => (point.epoch - 1) * point.batches + point.batch);
    return { x, series: [{ label: "Training loss", values: train.map((point) => point.loss) }], last: train[train.length - 1] };
  }, [feed.points]);
  const lastVal = [...feed.points].reverse().find((point) => point.phase === "val");
  const fieldError = (key: keyof TrainingForm) => errors[key] ?? (startError && fieldOfError[String(startError.details?.field)] === key ? startError.message : estimate.error && fieldOfError[String(estimate.error.details?.field)] === key ? estimate.error.message : undefined);
  const failedLogTail = job?.error?.details?.logTail;

  return (
    <Panel title="Training" data-testid="training-panel">
      <p className="export-muted">Upstream llama.cpp <code>llama-finetune</code> trains every weight of an F32 GGUF on the export's <code>llamacpp/corpus.txt</code>, or on the answers alone in <code>completions.txt</code> (it has no prompt masking; about 16 bytes per parameter: small models only). A LoRA trainer{settings?.loraTrainerPath ? ` (${settings.loraTrainerPath})` : " (its path in Settings)"} trains an adapter on <code>messages/train.jsonl</code>.</p>
      <div className="export-row">
        <PathField label="Export folder" kind="folder" value={form.exportDir} onChange={(value) => set("exportDir", value)} className="export-grow" error={fieldError("exportDir") ?? chosenExport?.error} hint="Export above, or choose an earlier export." data-testid="training-export-dir" />
      </div>
      {chosenExport?.manifest && (
        <p className="export-muted" data-testid="training-export-facts">
          Run {chosenExport.manifest.run}, round{chosenExport.manifest.rounds.length === 1 ? "" : "s"} {chosenExport.manifest.rounds.join(", ")}: {chosenExport.manifest.counts.train} training and {chosenExport.manifest.counts.valid} validation rows, template {chosenExport.manifest.template.id}{chosenExport.manifest.model ? ` of ${chosenExport.manifest.model.name ?? chosenExport.manifest.model.file}` : " (ChatML fallback)"}, exported {new Date(chosenExport.manifest.createdAt).toLocaleString()}.
        </p>
      )}
      <div className="export-row">
        <PathField label="Base model to train (GGUF)" kind="file" extensions={["gguf"]} value={form.model} onChange={(value) => set("model", value)} className="export-grow" error={fieldError("model")} hint="llama-finetune needs F32 weights." data-testid="training-model" />
      </div>
      <div className="export-row">
        <Select label="Trainer" value={form.trainer} onChange={(value) => set("trainer", value)} options={[{ value: "llama-finetune", label: "llama-finetune (all weights)" }, { value: "lora", label: `LoRA trainer from Settings${settings?.loraTrainerPath ? "" : " (none set)"}` }, { value: "path", label: "LoRA trainer at a path…" }]} data-testid="training-trainer" />
        {form.trainer === "path" && <PathField label="LoRA trainer binary" kind="file" value={form.trainerPath} onChange={(value) => set("trainerPath", value)} className="export-grow" error={fieldError("trainerPath")} />}
      </div>
      <div className="export-row">
        <TextField label="Epochs" inputMode="numeric" value={form.epochs} onChange={(event) => set("epochs", event.target.value)} error={fieldError("epochs")} data-testid="training-epochs" />
        <TextField label="Learning rate" inputMode="decimal" value={form.learningRate} onChange={(event) => set("learningRate", event.target.value)} error={fieldError("learningRate")} />
        <TextField label="Window (tokens)" inputMode="numeric" value={form.contextSize} onChange={(event) => set("contextSize", event.target.value)} placeholder="auto" hint="Blank: ≤ 512, fitted to the corpus." error={fieldError("contextSize")} />
        <TextField label="Validation windows" inputMode="decimal" value={form.valSplit} onChange={(event) => set("valSplit", event.target.value)} placeholder="0.1" error={fieldError("valSplit")} />
        {form.trainer === "llama-finetune" && <Select label="Train on" value={form.corpus} onChange={(value) => set("corpus", value)} options={[{ value: "chat", label: "Whole rows (prompt + answer)" }, { value: "completions", label: "Answers only" }]} hint="llama-finetune has no prompt masking." data-testid="training-corpus" />}
        {form.trainer === "llama-finetune" && <Select label="Quantise for sampling" value={form.quantize} onChange={(value) => set("quantize", value)} options={[{ value: "Q8_0", label: "Q8_0" }, { value: "Q4_0", label: "Q4_0" }, { value: "none", label: "No (sample the F32)" }]} />}
      </div>
      {form.trainer !== "llama-finetune" && (
        <div className="export-row">
          <TextField label="LoRA rank" inputMode="numeric" value={form.loraRank} onChange={(event) => set("loraRank", event.target.value)} error={fieldError("loraRank")} />
          <TextField label="LoRA alpha" inputMode="decimal" value={form.loraAlpha} onChange={(event) => set("loraAlpha", event.target.value)} error={fieldError("loraAlpha")} />
          <TextField label="LoRA modules" value={form.loraModules} onChange={(event) => set("loraModules", event.target.value)} hint="attn_q, attn_k, attn_v, attn_o, ffn_gate, ffn_up, ffn_down, output, all" className="export-grow" />
        </div>
      )}
      <div className="export-row">
        <Checkbox label={`Use the result as run ${run.name}'s next model`} checked={form.isRegistered} onChange={(isOn) => set("isRegistered", isOn)} data-testid="training-register" />
      </div>

      {estimate.value && <EstimateView estimate={estimate.value} />}
      {estimate.error && !fieldOfError[String(estimate.error.details?.field)] && <Notice tone="error" data-testid="training-estimate-error">{estimate.error.message}</Notice>}
      {estimate.value?.isTooLarge && (
        <Notice tone="warning" data-testid="training-too-large">
          Training needs about {formatBytes(estimate.value.memoryBytes)}, more than 90 % of this machine's {formatBytes(estimate.value.machineMemoryBytes)}: it is refused unless forced.
          <Checkbox label="Train anyway (the machine may swap or the trainer may be killed)" checked={form.force} onChange={(isOn) => set("force", isOn)} />
        </Notice>
      )}
      <div className="export-row">
        <Button variant="primary" onClick={() => void start()} disabled={isRunning || !options.exportDir || !options.model || Object.keys(errors).length > 0 || (estimate.value?.isTooLarge === true && !form.force)} data-testid="training-start">Train</Button>
      </div>
      {startError && !fieldOfError[String(startError.details?.field)] && <Notice tone="error" data-testid="training-error">{startError.message}</Notice>}
      {/* Its Cancel kills the trainer. */}
      <JobProgress jobId={jobId} label="Training" testId="training-progress" />

      {lossChart && (
        <Chart title="Loss" x={lossChart.x} xLabel="batch" yLabel="loss" series={lossChart.series} height={220}
          summary={`training loss ${lossChart.last.loss?.toFixed(3) ?? "nan"} at epoch ${lossChart.last.epoch}, batch ${lossChart.last.batch} of ${lossChart.last.batches}${lastVal ? `; validation loss ${lastVal.loss?.toFixed(3) ?? "nan"}` : ""}`} data-testid="training-loss" />
      )}
      {lastVal && <p className="export-muted" data-testid="training-val">Validation loss {lastVal.loss?.toFixed(4) ?? "nan"}{lastVal.accuracy !== null ? `, accuracy ${(lastVal.accuracy * 100).toFixed(1)} %` : ""} (epoch {lastVal.epoch}).</p>}
      {(feed.logLines.length > 0 || typeof failedLogTail === "string" || Array.isArray(failedLogTail)) && (
        <CodeView value={feed.logLines.length > 0 ? feed.logLines.slice(-tailLines).join("\n") : Array.isArray(failedLogTail) ? failedLogTail.join("\n") : String(failedLogTail)} label={`Trainer log (last ${tailLines} lines)`} language="text" hasLineNumbers={false} maxHeight={400} data-testid="training-log" />
      )}
      {result && <TrainingResultView run={run.name} result={result} />}
      {job?.status === "done" && !result && <Notice tone="info">Training finished.</Notice>}
      {lossChart === null && job?.status === "running" && <p className="export-muted">Waiting for the trainer's first batch…</p>}
    </Panel>
  );
}

function EstimateView({ estimate }: { estimate: TrainingEstimate }) {
  return (
    <div className="training-estimate" data-testid="training-estimate">
      <Facts items={[
        ["Memory", `${formatBytes(estimate.memoryBytes)} of ${formatBytes(estimate.machineMemoryBytes)}`, "training-memory"],
        ["Time", `${estimate.seconds < 1 ? "" : "about "}${formatSeconds(estimate.seconds)} (the trainer's ETA replaces it)`, "training-time"],
        ["Parameters", `${estimate.trainedParameterCount.toLocaleString()} trained of ${estimate.parameterCount.toLocaleString()}`],
        ["Corpus", `${estimate.corpusTokens.toLocaleString()} tokens, ${estimate.windowsPerEpoch} windows of ${estimate.contextSize} per epoch × ${estimate.epochs}`],
      ]} />
      {estimate.notes.length > 0 && <ul className="export-notes">{estimate.notes.map((note) => <li key={note}>{note}</li>)}</ul>}
    </div>
  );
}
