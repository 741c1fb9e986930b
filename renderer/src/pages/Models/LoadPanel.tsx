import { useState } from "react";
import type { GpuInfo, LoadedModel, ModelInfo } from "../../../../native/api/index";
import { api } from "../../api/client";
import type { ApiError } from "../../api/transport";
import { useJobs } from "../../api/useJobs";

/** GPU/CPU choice, context and threads, and load/unload with a progress bar; shows the backend in use. */
export function LoadPanel({ info, gpu, loaded, onChange }: { info: ModelInfo; gpu: GpuInfo | null; loaded: LoadedModel | null; onChange: () => void }) {
  const [device, setDevice] = useState<"auto" | "cpu">("auto");
  const [gpuLayers, setGpuLayers] = useState("auto");
  const [contextSize, setContextSize] = useState(Math.min(4096, info.trainedContextLength ?? 4096));
  const [threads, setThreads] = useState(gpu?.physicalCores ?? 2);
  const [adapters, setAdapters] = useState("");
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const jobs = useJobs();
  const job = jobId ? jobs.get(jobId) : undefined;
  const isLoading = job?.status === "running" || (jobId !== null && !job);

  const load = async () => {
    setError(null);
    try {
      const { jobId: id } = await api.loadModel({ path: info.path, gpu: device, gpuLayers: gpuLayers === "auto" ? "auto" : Number(gpuLayers), contextSize, threads, loraAdapters: adapters.split("\n").map((line) => line.trim()).filter(Boolean) });
      setJobId(id);
      const watch = setInterval(async () => {
        const state = await api.getJob({ id });
        if (state.status === "running") return;
        clearInterval(watch);
        if (state.status === "failed") setError(state.error?.message ?? "Loading failed.");
        setJobId(null);
        onChange();
      }, 200);
    } catch (failure) {
      setError((failure as ApiError).message);
    }
  };

  const isThisLoaded = loaded?.path === info.path;
  return (
    <div className="models-load">
      <h3>Load</h3>
      <p data-testid="gpu-info">
        GPU: {gpu ? (gpu.backend ? `${gpu.backend} (${gpu.deviceNames.join(", ") || "device"})` : "none found, running on the CPU") : "detecting…"}
        {gpu && ` · ${gpu.physicalCores} physical cores`}
      </p>
      <div className="models-form">
        <label>Device <select value={device} onChange={(e) => setDevice(e.target.value as "auto" | "cpu")} aria-label="Device"><option value="auto">GPU if available</option><option value="cpu">CPU only</option></select></label>
        <label>GPU layers <input value={gpuLayers} onChange={(e) => setGpuLayers(e.target.value)} disabled={device === "cpu"} size={5} /></label>
        <label>Context size <input type="number" min={16} value={contextSize} onChange={(e) => setContextSize(Number(e.target.value))} /></label>
        <label>Threads <input type="number" min={1} value={threads} onChange={(e) => setThreads(Number(e.target.value))} /></label>
      </div>
      <label className="models-adapters">
        LoRA adapters (GGUF paths, one per line; give each round's adapter its own file name)
        <textarea aria-label="LoRA adapters" rows={2} value={adapters} onChange={(e) => setAdapters(e.target.value)} />
      </label>
      <button type="button" onClick={load} disabled={isLoading}>{isThisLoaded ? "Reload" : "Load"}</button>{" "}
      {loaded && <button type="button" onClick={async () => (await api.unloadModel(), onChange())}>Unload</button>}
      {isLoading && <progress data-testid="load-progress" max={100} value={job?.done ?? 0} />}
      {error && <p role="alert" className="error">{error}</p>}
      <p data-testid="loaded-model" role="status">
        {loaded ? `Loaded ${loaded.info.name ?? loaded.info.fileName} on ${loaded.backend} (${loaded.gpuLayers} GPU layers, ${loaded.threads} threads, context ${loaded.contextSize}${loaded.loraAdapters.length > 0 ? `, ${loaded.loraAdapters.length} LoRA adapter(s)` : ""})` : "No model loaded."}
      </p>
    </div>
  );
}
