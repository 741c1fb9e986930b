import { useState } from "react";
import type { ContaminationReport } from "../../../../native/api/index";
import { api } from "../../api/client";
import type { ApiError } from "../../api/transport";
import { useApi } from "../../api/useApi";
import { jobStore } from "../../api/useJobs";
import { routeHref } from "../../app/route";
import { JobProgress } from "../../components/JobProgress/JobProgress";
import { Button, Notice, Panel, Table, TextField } from "../../components/ui";

/** Runs the contamination guard (training vs dev/test, normalised code) and lists the pairs it found. */
export function ContaminationPanel() {
  const { data: saved, reload } = useApi(() => api.getContaminationReport());
  const [threshold, setThreshold] = useState("0.9");
  const [jobId, setJobId] = useState<string | null>(null);
  const [isRunning, setIsRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const thresholdValue = Number(threshold);
  const thresholdError = threshold.trim() === "" || !(thresholdValue > 0 && thresholdValue <= 1) ? "A number above 0, at most 1." : null;

  const run = async () => {
    setIsRunning(true);
    setError(null);
    try {
      const job = await jobStore.runJob(() => api.checkContamination({ threshold: thresholdValue }), setJobId);
      if (job.status !== "done") setError(job.error?.message ?? `Check ${job.status}.`);
      reload();
    } catch (failure) {
      setError((failure as ApiError).message);
    } finally {
      setIsRunning(false);
    }
  };

  const report: ContaminationReport | null = saved ?? null;
  return (
    <Panel title="Contamination guard" data-testid="contamination-panel">
      <p className="ui-muted">Training tasks whose normalised code matches a dev or test task are left out of rounds.</p>
      <div className="ui-row ui-row-fields">
        <TextField label="Near-duplicate threshold" type="number" min="0.01" max="1" step="0.01" value={threshold} error={thresholdError} onChange={(e) => setThreshold(e.target.value)} className="narrow" />
        <Button data-testid="contamination-run" disabled={isRunning || thresholdError !== null} onClick={run}>{isRunning ? "Checking…" : "Check training vs dev/test"}</Button>
      </div>
      <JobProgress jobId={jobId} label="Contamination check" />
      {error && <Notice tone="error">{error}</Notice>}
      {report && (
        <>
          <p data-testid="contamination-summary">
            {report.pairs.length} pair(s) at threshold {report.threshold} ({new Date(report.checkedAt).toLocaleString()}); {report.contaminatedTaskIds.length} training task(s) left out of rounds unless overridden.
          </p>
          {report.pairs.length > 0 && (
            <Table caption="Contaminated pairs">
              <thead><tr><th>Training task</th><th>Dev/test task</th><th>Kind</th><th className="num">Similarity</th><th>Matched</th></tr></thead>
              <tbody>
                {report.pairs.slice(0, 100).map((pair) => (
                  <tr key={`${pair.trainTaskId} ${pair.evalTaskId}`}>
                    <td><a href={routeHref("tasks", pair.trainTaskId)}>{pair.trainTaskId}</a></td>
                    <td><a href={routeHref("tasks", pair.evalTaskId)}>{pair.evalTaskId}</a></td>
                    <td>{pair.kind}</td><td className="num">{pair.similarity}</td><td>{pair.fields}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </>
      )}
    </Panel>
  );
}
