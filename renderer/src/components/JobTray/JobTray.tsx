import { useJobs } from "../../api/useJobs";
import { JobProgressView } from "../JobProgress/JobProgress";
import { KeepAwakeTrayLine } from "../KeepAwake/KeepAwakeNotice";

/** Jobs shown in the tray: all running ones and the latest finished, newest first. */
const TRAY_SIZE = 4;

/**
 * Every job of this session, live: count, rate, ETA, cancel; a finished job stays, marked finished. It sits at
 * the foot of the navigation, which is fixed to the window, so it is in view whatever the page's scroll.
 */
export function JobTray() {
  const jobs = [...useJobs().values()].reverse();
  const running = jobs.filter((job) => job.status === "running");
  const shown = [...running, ...jobs.filter((job) => job.status !== "running")].slice(0, Math.max(TRAY_SIZE, running.length));
  return (
    <section className="job-tray" aria-label="Jobs" data-testid="job-tray">
      <h2 className="job-tray-title">Jobs{running.length > 0 ? ` · ${running.length} running` : ""}</h2>
      {shown.length === 0 && <p className="job-tray-empty">No jobs yet. Imports, loads and sampling show here.</p>}
      <ul>
        {shown.map((job) => (
          <li key={job.id} data-testid="job">
            <div className="job-title" title={job.title}>{job.title}</div>
            <JobProgressView job={job} label={job.title} isCompact />
          </li>
        ))}
      </ul>
      <KeepAwakeTrayLine />
    </section>
  );
}
