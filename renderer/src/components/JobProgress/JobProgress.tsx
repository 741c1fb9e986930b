import type { JobState } from "../../../../native/api/index";
import { api } from "../../api/client";
import { useJob } from "../../api/useJobs";
import { Button, Progress } from "../ui";
import { describeJob } from "./formatJob";

/**
 * A job's progress shown where its button was pressed: bar, count, rate and ETA, Cancel while it runs, the
 * outcome once it ended (a failure's message in the error colour). Renders nothing for a null id.
 */
export function JobProgress({ jobId, label, testId }: { jobId: string | null; label: string; testId?: string }) {
  const job = useJob(jobId);
  if (!jobId) return null;
  if (!job) return <div className="job-progress" role="status" data-testid={testId}><Progress value={0} max={null} label={label} /> <span className="ui-muted">Starting…</span></div>;
  return <JobProgressView job={job} label={label} testId={testId} />;
}

export function JobProgressView({ job, label, testId, isCompact = false }: { job: JobState; label: string; testId?: string; isCompact?: boolean }) {
  return (
    <div className={`job-progress job-progress-${job.status}${isCompact ? " job-progress-compact" : ""}`} data-testid={testId} data-status={job.status}>
      {job.status === "running" && <Progress value={job.done} max={job.total} label={label} />}
      <div className="job-progress-line">
        <span role="status" className={job.status === "failed" ? "job-progress-failed" : undefined}>{describeJob(job)}</span>
        {job.status === "running" && <Button size="sm" onClick={() => void api.cancelJob({ id: job.id })} aria-label={`Cancel ${job.title}`}>Cancel</Button>}
      </div>
      {job.error && <div className="job-progress-error">{job.error.message}</div>}
    </div>
  );
}
