import { useState } from "react";
import { api } from "../../api/client";
import { useApi } from "../../api/useApi";
import { navigate, routeHref } from "../../app/route";
import { Button, EmptyState, PageHeader, Panel, Table } from "../../components/ui";
import { NewRunForm } from "./NewRunForm";
import { RunView } from "./RunView";
import { SampleView } from "./SampleView";
import "./rounds.css";

/**
 * NExT self-training rounds: runs (`#/rounds`), one run (`#/rounds/<run>`), one of its samples
 * (`#/rounds/<run>/sample/<round>/<task>/<index>`), and a new run (`#/rounds/new`).
 */
export function RoundsPage({ params }: { params: string[] }) {
  const [name, second, round, taskId, sampleIndex] = params;
  const runs = useApi(() => api.listRoundRuns(), [name]);
  const [started, setStarted] = useState<{ name: string; jobId: string } | null>(null);
  const isNew = name === "new";
  return (
    <div className="rounds-page" data-testid="rounds-page">
      <PageHeader title="Rounds" lead="Self-training as in NExT: sample a rationale and a fix for each hard training task with its trace, keep the fixes that pass every test, train, repeat." actions={!isNew ? <Button variant="primary" onClick={() => navigate(routeHref("rounds", "new"))}>New run</Button> : undefined} />
      {isNew && <NewRunForm onStarted={(runName, jobId) => (setStarted({ name: runName, jobId }), navigate(routeHref("rounds", runName)))} />}
      {!isNew && !name && (runs.data?.length ?? 0) === 0 && !runs.isLoading && (
        <EmptyState title="No runs yet" action={<Button variant="primary" onClick={() => navigate(routeHref("rounds", "new"))}>New run</Button>}>
          A run needs a loaded model (or a serving engine) and a task set with training tasks. Import the demo set on the Tasks page to try it.
        </EmptyState>
      )}
      {!isNew && !name && (runs.data?.length ?? 0) > 0 && (
        <Panel title="Runs">
          <Table caption="Runs and their disk use" data-testid="runs-table">
            <thead><tr><th scope="col">Run</th><th scope="col">State</th><th scope="col">Rounds</th><th scope="col">Kept</th><th scope="col">On disk</th></tr></thead>
            <tbody>
              {runs.data!.map((run) => (
                <tr key={run.name}>
                  <td><a href={routeHref("rounds", run.name)}>{run.name}</a></td>
                  <td>{run.state}</td>
                  <td>{run.rounds.filter((r) => r.stage === "done").length} / {run.targetRounds}</td>
                  <td>{run.rounds.reduce((sum, r) => sum + r.kept, 0)}</td>
                  <td>{run.sizeBytes < 1 << 20 ? `${Math.ceil(run.sizeBytes / 1024)} KiB` : `${(run.sizeBytes / (1 << 20)).toFixed(1)} MiB`}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Panel>
      )}
      {!isNew && !name && <p className="muted">Each round's hard-set estimate and dev check is an evaluation: open, compare or delete them on the <a href={routeHref("evaluate")}>Evaluate page</a>.</p>}
      {name && !isNew && second === "sample" && <SampleView run={name} round={Number(round)} taskId={taskId} sampleIndex={Number(sampleIndex)} />}
      {name && !isNew && second !== "sample" && <RunView name={name} startedJobId={started?.name === name ? started.jobId : null} />}
    </div>
  );
}
