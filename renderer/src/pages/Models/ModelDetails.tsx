import type { ModelInfo } from "../../../../native/api/index";
import { api } from "../../api/client";
import { useApi } from "../../api/useApi";
import { CodeView } from "../../components/CodeView/CodeView";
import { Facts, Notice, Panel, TextField } from "../../components/ui";
import { formatBytes, formatCount } from "./formatBytes";
import type { ContextChoice } from "./ModelsPage";

/**
 * One model's header facts, its chat template (and where it came from) and a memory estimate. The estimate's
 * context size and GPU layers are the loader's own fields (`choice`), so what is estimated is what loads.
 */
export function ModelDetails({ info, choice, onChoice }: { info: ModelInfo; choice: ContextChoice; onChoice: (choice: ContextChoice) => void }) {
  // "auto" offloads what fits; the estimate shows the CPU case for it.
  const gpuLayers = /^\d+$/.test(choice.gpuLayers.trim()) ? Number(choice.gpuLayers) : 0;
  const estimate = useApi(() => api.estimateModelMemory({ path: info.path, contextSize: choice.contextSize, gpuLayers, sequences: choice.sequences }), [info.path, choice.contextSize, gpuLayers, choice.sequences]);
  const template = info.chatTemplate;
  const trained = info.trainedContextLength;
  return (
    <Panel title={info.name ?? info.fileName} data-testid="model-details">
      <Facts
        items={[
          ["File", <span className="ui-mono">{info.path}</span>],
          ["Architecture", info.architecture, "model-architecture"],
          ["Parameters", `${formatCount(info.parameterCount)} (${info.parameterCount.toLocaleString()})`],
          ["Quantisation", info.quantization ?? "unknown"],
          ["Trained context", trained ?? "unknown", "model-trained-context"],
          ["Layers", info.layerCount],
          ["Size", formatBytes(info.sizeBytes)],
          ["Chat template", `${template.source === "file" ? "from the file" : template.source === "builtin" ? "node-llama-cpp built-in" : "none"}${template.wrapper ? ` (${template.wrapper})` : ""}`, "model-template-source"],
        ]}
      />
      {template.template && (
        <>
          <h3>Chat template</h3>
          <CodeView value={template.template} label="Chat template" language="jinja" maxHeight={200} data-testid="model-template" />
        </>
      )}
      <h3>Memory estimate</h3>
      <p className="ui-muted">For the context size below, which is also the one the model loads with.</p>
      <div className="ui-row">
        <TextField label="Context size (estimate)" type="number" min={16} step={256} value={choice.contextSize} onChange={(e) => onChoice({ ...choice, contextSize: Number(e.target.value) })} hint="linked to Load's context size" />
        <TextField label="Sequences" type="number" min={1} value={choice.sequences} onChange={(e) => onChoice({ ...choice, sequences: Number(e.target.value) })} className="narrow" />
      </div>
      {estimate.data?.warnings.map((warning) => <Notice key={warning} tone="warning" data-testid="estimate-warning">{warning}</Notice>)}
      {estimate.error && <Notice tone="error">{estimate.error.message}</Notice>}
      {estimate.data && (
        <Facts
          data-testid="memory-estimate"
          items={[
            ["RAM", formatBytes(estimate.data.total.ram), "memory-ram"],
            ["VRAM", formatBytes(estimate.data.total.vram)],
            ["KV cache / sequence", formatBytes(estimate.data.kvCachePerSequenceBytes)],
          ]}
        />
      )}
    </Panel>
  );
}
