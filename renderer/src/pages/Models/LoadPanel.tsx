import { useState } from "react";
import type { GpuInfo, LoadedModel, ModelInfo } from "../../../../native/api/index";
import { api } from "../../api/client";
import { ApiError } from "../../api/transport";
import { jobStore } from "../../api/useJobs";
import { JobProgress } from "../../components/JobProgress/JobProgress";
import { announceModelChanged } from "../../components/LoadedModel/LoadedModelIndicator";
import { Button, Notice, Panel, Select, TextArea, TextField, useToast } from "../../components/ui";
import type { ContextChoice } from "./ModelsPage";

/** GPU/CPU choice, context and threads, and load/unload with progress where Load was pressed; shows the backend in use. */
export function LoadPanel({ info, gpu, loaded, choice, onChoice, onChange }: {
  info: ModelInfo;
  gpu: GpuInfo | null;
  loaded: LoadedModel | null;
  choice: ContextChoice;
  onChoice: (choice: ContextChoice) => void;
  onChange: () => void;
}) {
  const toast = useToast();
  const [device, setDevice] = useState<"auto" | "cpu">("auto");
  const [threads, setThreads] = useState(gpu?.physicalCores ?? 2);
  const [adapters, setAdapters] = useState("");
  const [jobId, setJobId] = useState<string | null>(null);
  const [isLoading, setIsLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const gpuLayersText = choice.gpuLayers.trim();
  const gpuLayersError = gpuLayersText === "auto" || /^\d+$/.test(gpuLayersText) ? null : 'A whole number of layers, or "auto".';

  const load = async () => {
    setError(null);
    setIsLoading(true);
    try {
      const job = await jobStore.runJob(
        () => api.loadModel({ path: info.path, gpu: device, gpuLayers: gpuLayersText === "auto" ? "auto" : Number(gpuLayersText), contextSize: choice.contextSize, threads, loraAdapters: adapters.split("\n").map((line) => line.trim()).filter(Boolean) }),
        setJobId,
      );
      if (job.status === "done") for (const warning of (job.result as LoadedModel | undefined)?.warnings ?? []) toast({ title: "Loaded with a change", description: warning, tone: "info" });
      if (job.status === "failed") setError(job.error ? new ApiError(job.error.code, job.error.message, job.error.details) : new ApiError("load_failed", "Loading failed.", {}));
    } catch (failure) {
      setError(failure as ApiError);
    } finally {
      setIsLoading(false);
      onChange();
      announceModelChanged();
    }
  };

  const isThisLoaded = loaded?.path === info.path;
  return (
    <Panel title="Load">
      <p data-testid="gpu-info" className="ui-muted">
        GPU: {gpu ? (gpu.backend ? `${gpu.backend} (${gpu.deviceNames.join(", ") || "device"})` : "none found, running on the CPU") : "detecting…"}
        {gpu && ` · ${gpu.physicalCores} physical cores`}
      </p>
      <div className="models-form">
        <Select label="Device" value={device} onChange={setDevice} options={[{ value: "auto", label: "GPU if available" }, { value: "cpu", label: "CPU only" }]} />
        <TextField label="GPU layers" value={choice.gpuLayers} error={gpuLayersError} disabled={device === "cpu"} size={5} onChange={(e) => onChoice({ ...choice, gpuLayers: e.target.value })} />
        <TextField label="Context size" type="number" min={16} value={choice.contextSize} onChange={(e) => onChoice({ ...choice, contextSize: Number(e.target.value) })} hint={info.trainedContextLength ? `trained: ${info.trainedContextLength}` : undefined} />
        <TextField label="Threads" type="number" min={1} value={threads} onChange={(e) => setThreads(Number(e.target.value))} />
      </div>
      <TextArea label="LoRA adapters" hint="GGUF paths, one per line; give each round's adapter its own file name" isCode rows={2} value={adapters} onChange={(e) => setAdapters(e.target.value)} error={error?.details.field === "loraAdapters" ? error.message : null} />
      <div className="ui-row models-actions">
        <Button variant="primary" onClick={load} disabled={isLoading || gpuLayersError !== null}>{isThisLoaded ? "Reload" : "Load"}</Button>
        {loaded && <Button onClick={async () => (await api.unloadModel(), onChange(), announceModelChanged())}>Unload</Button>}
        <JobProgress jobId={isLoading ? jobId : null} label="Loading the model" testId="load-progress" />
      </div>
      {error && error.details.field !== "loraAdapters" && <Notice tone="error" data-testid="load-error">{error.message}{loaded ? ` ${loaded.info.fileName} stays loaded.` : ""}</Notice>}
      {isThisLoaded && loaded.warnings.map((warning) => <Notice key={warning} tone="warning" data-testid="load-warning">{warning}</Notice>)}
      <p data-testid="loaded-model" role="status">
        {loaded ? `Loaded ${loaded.info.name ?? loaded.info.fileName} on ${loaded.backend} (${loaded.gpuLayers} GPU layers, ${loaded.threads} threads${loaded.threadChoice?.spin ? `, ${loaded.threadChoice.spin} barrier spin` : ""}${loaded.threadChoice?.reason === "measured" ? ", measured" : ""}, context ${loaded.contextSize}${loaded.loraAdapters.length > 0 ? `, ${loaded.loraAdapters.length} LoRA adapter(s)` : ""})` : "No model loaded."}
      </p>
    </Panel>
  );
}
