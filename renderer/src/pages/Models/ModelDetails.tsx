import { useState } from "react";
import type { ModelInfo } from "../../../../native/api/index";
import { api } from "../../api/client";
import { useApi } from "../../api/useApi";
import { formatBytes, formatCount } from "./formatBytes";

/** One model's header facts, its chat template (and where it came from) and a memory estimate for chosen settings. */
export function ModelDetails({ info }: { info: ModelInfo }) {
  const [contextSize, setContextSize] = useState(Math.min(4096, info.trainedContextLength ?? 4096));
  const [gpuLayers, setGpuLayers] = useState(0);
  const [sequences, setSequences] = useState(8);
  const estimate = useApi(() => api.estimateModelMemory({ path: info.path, contextSize, gpuLayers, sequences }), [info.path, contextSize, gpuLayers, sequences]);
  const template = info.chatTemplate;
  return (
    <div className="models-details" data-testid="model-details">
      <h2>{info.name ?? info.fileName}</h2>
      <dl className="facts">
        <dt>File</dt><dd>{info.path}</dd>
        <dt>Architecture</dt><dd data-testid="model-architecture">{info.architecture}</dd>
        <dt>Parameters</dt><dd>{formatCount(info.parameterCount)} ({info.parameterCount.toLocaleString()})</dd>
        <dt>Quantisation</dt><dd>{info.quantization ?? "unknown"}</dd>
        <dt>Trained context</dt><dd data-testid="model-trained-context">{info.trainedContextLength ?? "unknown"}</dd>
        <dt>Layers</dt><dd>{info.layerCount}</dd>
        <dt>Size</dt><dd>{formatBytes(info.sizeBytes)}</dd>
        <dt>Chat template</dt>
        <dd data-testid="model-template-source">
          {template.source === "file" ? "from the file" : template.source === "builtin" ? "node-llama-cpp built-in" : "none"}
          {template.wrapper ? ` (${template.wrapper})` : ""}
        </dd>
      </dl>
      {template.template && <pre className="models-template">{template.template}</pre>}
      <h3>Memory estimate</h3>
      <div className="models-form">
        <label>Context size <input type="number" min={16} step={256} value={contextSize} onChange={(e) => setContextSize(Number(e.target.value))} /></label>
        <label>GPU layers <input type="number" min={0} value={gpuLayers} onChange={(e) => setGpuLayers(Number(e.target.value))} /></label>
        <label>Sequences <input type="number" min={1} value={sequences} onChange={(e) => setSequences(Number(e.target.value))} /></label>
      </div>
      {estimate.error && <p role="alert" className="error">{estimate.error.message}</p>}
      {estimate.data && (
        <dl className="facts" data-testid="memory-estimate">
          <dt>RAM</dt><dd data-testid="memory-ram">{formatBytes(estimate.data.total.ram)}</dd>
          <dt>VRAM</dt><dd>{formatBytes(estimate.data.total.vram)}</dd>
          <dt>KV cache / sequence</dt><dd>{formatBytes(estimate.data.kvCachePerSequenceBytes)}</dd>
        </dl>
      )}
    </div>
  );
}
