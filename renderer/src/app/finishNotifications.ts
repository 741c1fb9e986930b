import type { JobState } from "../../../native/api/index";
import type { JobStore } from "../api/jobStore";

/** The long jobs whose end is worth a system notification (those the core keeps the machine awake for). */
export const notifiedJobKinds: ReadonlySet<string> = new Set(["rounds.run", "evaluation.run", "training.train"]);

const kindLabels: Record<string, string> = { "rounds.run": "Run of rounds", "evaluation.run": "Evaluation", "training.train": "Training" };
const endings: Record<string, string> = { done: "finished", failed: "failed", cancelled: "stopped" };

/** What the watcher needs from the window; `browserNotificationHost` is the real one. */
export interface NotificationHost {
  /** The browser's Notification.permission, or "unsupported" where there is no Notification API. */
  permission(): "default" | "granted" | "denied" | "unsupported";
  requestPermission(): Promise<unknown>;
  show(title: string, options: { body: string; tag: string }): void;
  /** The window is hidden (minimised, another tab) or not focused: the user is not looking. */
  isAway(): boolean;
  /** Setting `jobs.notifyOnFinish`, read when a job ends (so a change applies at once). */
  isEnabled(): Promise<boolean>;
}

/** The notification for a job that ended: e.g. "Run of rounds finished" / "Run rounds of r1". */
export function describeEndedJob(job: JobState): { title: string; body: string } {
  const title = `${kindLabels[job.kind] ?? "Job"} ${endings[job.status] ?? job.status}`;
  return { title, body: job.error ? `${job.title}: ${job.error.message}` : job.title };
}

/**
 * Shows a system notification when a long job (`notifiedJobKinds`) this window saw running ends (done, failed,
 * cancelled) while the user is away from the window, the setting allows it and permission was granted. Asks
 * for permission once, when such a job first starts (the user just started it). Returns the unsubscribe.
 */
export function watchFinishedJobs(store: Pick<JobStore, "list" | "onChange">, host: NotificationHost): () => void {
  const running = new Set<string>();
  const check = () => {
    for (const job of store.list()) {
      if (!notifiedJobKinds.has(job.kind)) continue;
      if (job.status === "running") {
        if (!running.has(job.id)) {
          running.add(job.id);
          askNotificationPermission(host);
        }
      } else if (running.delete(job.id)) {
        void notifyEnded(job, host);
      }
    }
  };
  check();
  return store.onChange(check);
}

async function notifyEnded(job: JobState, host: NotificationHost): Promise<void> {
  if (!host.isAway() || host.permission() !== "granted") return;
  if (!(await host.isEnabled().catch(() => true))) return;
  const { title, body } = describeEndedJob(job);
  host.show(title, { body, tag: job.id });
}

let hasAsked = false;

/**
 * Asks for notification permission the first time the user starts a long job (also called from the buttons that
 * start one, so the browser sees a user gesture); never again once answered or asked this session.
 */
export function askNotificationPermission(host: NotificationHost): void {
  if (hasAsked || host.permission() !== "default") return;
  hasAsked = true;
  void host.isEnabled().then((isEnabled) => (isEnabled ? host.requestPermission() : undefined), () => {});
}
