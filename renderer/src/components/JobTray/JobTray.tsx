import type { JobState } from "../../../../native/api/index";
import { api } from "../../api/client";
import { useJobs } from "../../api/useJobs";

function formatEta(etaMs: number | null): string {
  if (etaMs === null) return "ETA unknown";
  const seconds = Math.round(etaMs / 1000);
  return seconds < 90 ? `${seconds}s left` : `${Math.round(seconds / 60)} min left`;
}

function JobRow({ job }: { job: JobState }) {
  const share = job.total ? Math.min(1, job.done / job.total) : null;
  return (
    <li className={`job job-${job.status}`} data-testid="job">
      <div className="job-title" title={job.title}>{job.title}</div>
      {share !== null && <progress max={1} value={share} />}
      <div className="job-facts">
        {job.done}{job.total !== null ? ` / ${job.total}` : ""} · {job.rate.toFixed(1)}/s
        {job.status === "running" ? ` · ${formatEta(job.etaMs)}` : ` · ${job.status}`}
      </div>
      {job.error && <div className="error">{job.error.message}</div>}
      {job.status === "running" && (
        <button type="button" onClick={() => void api.cancelJob({ id: job.id })}>
          Cancel
        </button>
      )}
    </li>
  );
}

/** Every job of this session, live: count, rate, ETA, cancel. Shown under the navigation on every page. */
export function JobTray() {
  const jobs = [...useJobs().values()].slice(-5).reverse();
  if (jobs.length === 0) return null;
  return (
    <section className="job-tray" aria-label="Jobs">
      <ul>{jobs.map((job) => <JobRow key={job.id} job={job} />)}</ul>
    </section>
  );
}
