import { useState } from "react";
import type { ContaminationReport } from "../../../../native/api/index";
import { api } from "../../api/client";
import type { ApiError } from "../../api/transport";
import { useApi } from "../../api/useApi";

/** Runs the contamination guard (training vs dev/test, normalised code) and lists the pairs it found. */
export function ContaminationPanel() {
  const { data: saved, reload } = useApi(() => api.getContaminationReport());
  const [threshold, setThreshold] = useState("0.9");
  const [isRunning, setIsRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    setIsRunning(true);
    setError(null);
    try {
      const { jobId } = await api.checkContamination({ threshold: Number(threshold) });
      for (;;) {
        const job = await api.getJob({ id: jobId });
        if (job.status !== "running") {
          if (job.status !== "done") setError(job.error?.message ?? `Check ${job.status}.`);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      reload();
    } catch (failure) {
      setError((failure as ApiError).message);
    } finally {
      setIsRunning(false);
    }
  };

  const report: ContaminationReport | null = saved ?? null;
  return (
    <div className="tasks-panel" data-testid="contamination-panel">
      <h2>Contamination guard</h2>
      <p>
        Near-duplicate threshold{" "}
        <input aria-label="Threshold" type="number" min="0.01" max="1" step="0.01" value={threshold} onChange={(e) => setThreshold(e.target.value)} style={{ width: 70 }} />{" "}
        <button type="button" data-testid="contamination-run" disabled={isRunning} onClick={run}>{isRunning ? "Checking…" : "Check training vs dev/test"}</button>
      </p>
      {error && <p role="alert" className="error">{error}</p>}
      {report && (
        <>
          <p data-testid="contamination-summary">
            {report.pairs.length} pair(s) at threshold {report.threshold} ({new Date(report.checkedAt).toLocaleString()}); {report.contaminatedTaskIds.length} training task(s) left out of rounds unless overridden.
          </p>
          {report.pairs.length > 0 && (
            <table>
              <thead><tr><th>Training task</th><th>Dev/test task</th><th>Kind</th><th>Similarity</th><th>Matched</th></tr></thead>
              <tbody>
                {report.pairs.slice(0, 100).map((pair) => (
                  <tr key={`${pair.trainTaskId} ${pair.evalTaskId}`}><td>{pair.trainTaskId}</td><td>{pair.evalTaskId}</td><td>{pair.kind}</td><td>{pair.similarity}</td><td>{pair.fields}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}
