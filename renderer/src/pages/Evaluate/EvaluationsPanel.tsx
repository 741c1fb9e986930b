import { useState } from "react";
import { api } from "../../api/client";
import { useApi } from "../../api/useApi";
import { routeHref } from "../../app/route";
import { EvaluationCompare } from "../../components/EvaluationCompare/EvaluationCompare";
import { ConfirmButton, EmptyState, Notice, Panel, Table } from "../../components/ui";

const formatBytes = (bytes: number) => (bytes < 1 << 20 ? `${Math.ceil(bytes / 1024)} KiB` : `${(bytes / (1 << 20)).toFixed(1)} MiB`);

/**
 * Evaluations (a round's hard-set estimate and dev check, and `tracetune eval` runs): what each scored and its
 * disk use, with delete; and two of them compared side by side (base vs round n, with and without trace).
 */
export function EvaluationsPanel() {
  const [version, setVersion] = useState(0);
  const list = useApi(() => api.listEvaluations(), [version]);
  const [error, setError] = useState<string | null>(null);
  const remove = async (id: string) => {
    setError(null);
    try {
      await api.deleteEvaluation({ id });
      setVersion((v) => v + 1);
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  const evaluations = list.data ?? [];
  return (
    <Panel title="Evaluations" data-testid="evaluations">
      {error && <Notice tone="error">{error}</Notice>}
      {evaluations.length === 0 && !list.isLoading ? (
        <EmptyState title="No evaluations yet">Start one with New evaluation (a loaded model, a serving engine or a samples file); a round's dev check stores one too, and so does <code>tracetune eval</code>.</EmptyState>
      ) : (
        <Table caption="Evaluations and their disk use" data-testid="evaluations-table">
          <thead><tr><th scope="col">Evaluation</th><th scope="col">Set</th><th scope="col">Conditions</th><th scope="col">pass@k</th><th scope="col">Samples</th><th scope="col">On disk</th><th scope="col"><span className="ui-visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {evaluations.map((evaluation) => (
              <tr key={evaluation.id}>
                <td><a href={routeHref("evaluate", evaluation.id)}><code>{evaluation.id}</code></a>{evaluation.isComplete ? "" : " (incomplete)"}</td>
                <td>{evaluation.setId}</td>
                <td>{evaluation.conditions.join(", ")}</td>
                <td>{evaluation.passAtK ? Object.entries(evaluation.passAtK).map(([k, value]) => `@${k} ${value === null ? "—" : value.toFixed(2)}`).join(", ") : "—"}</td>
                <td>{evaluation.samples}</td>
                <td>{formatBytes(evaluation.sizeBytes)}</td>
                <td><ConfirmButton title={`Delete evaluation ${evaluation.id}?`} description="Its samples and summary are removed for good; rounds that reused it estimate their hard set again." confirmLabel="Delete" onConfirm={() => remove(evaluation.id)}>Delete…</ConfirmButton></td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {evaluations.length >= 2 && <EvaluationCompare />}
    </Panel>
  );
}
