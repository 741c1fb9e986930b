import { navigate, routeHref } from "../../app/route";
import { Button, PageHeader } from "../../components/ui";
import { EvaluationsPanel } from "./EvaluationsPanel";
import { EvaluationView } from "./EvaluationView";
import { NewEvaluationForm } from "./NewEvaluationForm";
import "./evaluate.css";

/**
 * Evaluation with pass@k you can trust (docs/evaluation.md): every evaluation with its disk use and two compared
 * side by side (`#/evaluate`), a new one (`#/evaluate/new`), one evaluation (`#/evaluate/<id>`) and one of its
 * tasks' samples (`#/evaluate/<id>/<task>`).
 */
export function EvaluatePage({ params }: { params: string[] }) {
  const [id, taskId] = params;
  const isNew = id === "new";
  return (
    <div className="evaluate-page" data-testid="evaluate-page">
      <PageHeader
        title="Evaluate"
        lead="pass@k of a model, a serving engine or a samples file on a task set, every sample verified in the sandbox, with and without the execution trace side by side."
        actions={!isNew ? <Button variant="primary" onClick={() => navigate(routeHref("evaluate", "new"))}>New evaluation</Button> : undefined}
      />
      {isNew && <NewEvaluationForm onDone={(evaluationId) => navigate(routeHref("evaluate", evaluationId))} />}
      {!isNew && id && <EvaluationView id={id} taskId={taskId ?? null} />}
      {!id && <EvaluationsPanel />}
    </div>
  );
}
