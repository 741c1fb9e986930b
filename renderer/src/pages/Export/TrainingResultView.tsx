import { useState } from "react";
import type { RoundModel, TrainResult } from "../../../../native/api/index";
import { api } from "../../api/client";
import { routeHref } from "../../app/route";
import { CodeView } from "../../components/CodeView/CodeView";
import { Button, Facts, Notice, Table } from "../../components/ui";
import { formatSeconds } from "./exportForm";

/** The model a trained result samples as: the quantised copy (else the F32), or the base with the adapter. */
export function samplingModel(result: TrainResult): RoundModel {
  return result.kind === "adapter" ? { kind: "model", path: result.base, loraAdapters: [result.out] } : { kind: "model", path: result.quantized ?? result.out, loraAdapters: [] };
}

/** What training produced, per-epoch losses, the command that ran, and the run's next model. */
export function TrainingResultView({ run, result }: { run: string; result: TrainResult }) {
  const [registered, setRegistered] = useState(result.registered);
  const [error, setError] = useState<string | null>(null);
  const register = async () => {
    setError(null);
    const model = samplingModel(result);
    try {
      await api.setRoundModel({ name: run, model });
      setRegistered({ run, model: model as { kind: "model"; path: string; loraAdapters: string[] } });
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return (
    <div className="training-result" data-testid="training-result">
      <Notice tone="success">Trained {result.kind === "adapter" ? "an adapter" : "a model"} in {formatSeconds(result.elapsedMs / 1000)}: <code className="export-path" data-testid="training-out">{result.out}</code></Notice>
      <Facts items={[
        ["Output", `${result.out} (${result.kind === "adapter" ? "LoRA adapter" : "F32 model, kept for the next round's training"})`],
        ["For sampling", result.quantized ?? (result.kind === "adapter" ? `${result.base} + adapter` : result.out), "training-quantized"],
        ["Context length", result.contextLength === null ? "— (adapter)" : `${result.contextLength} (restored from the base model)`],
        ["Data", `${result.data.file}${result.data.rerendered ? ` (re-rendered with ${result.data.rerendered})` : ""}`],
        ["Trainer", result.trainer],
      ]} />
      {result.epochs.length > 0 && (
        <Table caption="Loss per epoch" data-testid="training-epoch-table">
          <thead><tr><th scope="col" className="num">Epoch</th><th scope="col" className="num">Loss</th><th scope="col" className="num">Accuracy</th><th scope="col" className="num">Validation loss</th><th scope="col" className="num">Validation accuracy</th></tr></thead>
          <tbody>
            {result.epochs.map((epoch) => (
              <tr key={epoch.epoch}>
                <td className="num">{epoch.epoch}</td>
                <td className="num">{epoch.loss?.toFixed(4) ?? "nan"}</td>
                <td className="num">{epoch.accuracy !== null ? `${(epoch.accuracy * 100).toFixed(1)} %` : "—"}</td>
                <td className="num">{epoch.valLoss?.toFixed(4) ?? "—"}</td>
                <td className="num">{epoch.valAccuracy != null ? `${(epoch.valAccuracy * 100).toFixed(1)} %` : "—"}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {registered
        ? <Notice tone="info" data-testid="training-registered">Run <a href={routeHref("rounds", registered.run)}>{registered.run}</a> samples its next round from {registered.model.path}{registered.model.loraAdapters.length ? ` with adapter ${registered.model.loraAdapters.join(", ")}` : ""}.</Notice>
        : <Button variant="primary" onClick={() => void register()} data-testid="training-set-model">Use for run {run}'s next round</Button>}
      {error && <Notice tone="error">{error}</Notice>}
      <details className="export-details">
        <summary>Command that ran</summary>
        <CodeView value={result.command.map((part) => (/[\s"']/.test(part) ? JSON.stringify(part) : part)).join(" ")} label="Trainer command" language="text" isWrapped hasLineNumbers={false} />
      </details>
    </div>
  );
}
