import { useEffect, useRef } from "react";
import { api } from "../../api/client";
import { useApi } from "../../api/useApi";
import { jobStore } from "../../api/useJobs";
import { routeHref } from "../../app/route";

/** Pages that load or unload a model say so, and the shell's indicator refreshes. */
export const MODEL_CHANGED_EVENT = "tracetune:model-changed";
export function announceModelChanged(): void {
  window.dispatchEvent(new Event(MODEL_CHANGED_EVENT));
}

/** Which model is loaded (file, folder, device, context), in the shell on every page, as LM Studio and Jan show it. */
export function LoadedModelIndicator() {
  const loaded = useApi(() => api.getLoadedModel());
  const seenLoads = useRef(new Set<string>());
  useEffect(() => {
    const reload = () => loaded.reload();
    window.addEventListener(MODEL_CHANGED_EVENT, reload);
    // A load job that ends (here or from another window) changes what is loaded.
    const stop = jobStore.onChange(() => {
      for (const job of jobStore.list()) {
        if (job.kind === "models.load" && job.status !== "running" && !seenLoads.current.has(job.id)) {
          seenLoads.current.add(job.id);
          reload();
        }
      }
    });
    return () => (window.removeEventListener(MODEL_CHANGED_EVENT, reload), stop());
  }, [loaded.reload]);
  const model = loaded.data;
  if (!model) {
    return (
      <div className="loaded-model" data-testid="loaded-model-indicator" aria-label="Loaded model" role="group">
        <span className="loaded-model-dot" aria-hidden="true" />
        <span>No model loaded</span>
        <a href={routeHref("models")}>Choose one</a>
      </div>
    );
  }
  // The folder tells apart two files of the same model name; the file's own folder inside it when nested.
  const folder = model.path.slice(0, model.path.length - model.info.fileName.length - 1);
  return (
    <div className="loaded-model is-loaded" data-testid="loaded-model-indicator" aria-label="Loaded model" role="group" title={model.path}>
      <span className="loaded-model-dot" aria-hidden="true" />
      <a href={routeHref("models", model.path)} className="loaded-model-name">{model.info.fileName}</a>
      <span className="loaded-model-facts">
        <span className="loaded-model-folder">in {folder.split(/[\\/]/).slice(-2).join("/")}</span>
        {model.backend === "cpu" ? "CPU" : `${model.backend} · ${model.gpuLayers} GPU layers`} · ctx {model.contextSize}
        {model.contextClamp ? ` (lowered from ${model.contextClamp.requested})` : ""}
        {model.loraAdapters.length > 0 ? ` · ${model.loraAdapters.length} LoRA` : ""}
      </span>
      {model.warnings.length > 0 && <span className="loaded-model-warning" title={model.warnings.join(" ")}>{model.warnings[0]}</span>}
    </div>
  );
}
