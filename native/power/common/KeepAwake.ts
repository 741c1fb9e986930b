import type { JobState } from "../../api/jobsApi.js";
import type { KeepAwakeState } from "../../api/powerApi.js";
import { keepAwakeJobKinds } from "./keepAwakeJobKinds.js";
import { PowerBlockUnavailableError, type PowerBlock, type PowerBlocker } from "./PowerBlocker.js";

/**
 * Holds one sleep block while any long job (`keepAwakeJobKinds`) runs and the setting allows it, and releases it
 * when none runs. Fed every job change; acquiring and releasing are serialised, so a job that ends while the
 * block is still being acquired releases it right after.
 */
export class KeepAwake {
  private readonly jobs = new Map<string, { id: string; kind: string; title: string }>();
  private block: PowerBlock | null = null;
  private unavailableReason: string | null;
  private queue: Promise<void> = Promise.resolve();
  private hasProbed = false;
  private lastEmitted: string;
  /** Set when a block was refused; a later job start tries again (a bus or service may have come back). */
  private refusedForJobs = new Set<string>();

  constructor(private readonly options: {
    /** Null where the host has no way to block sleep. */
    blocker: PowerBlocker | null;
    /** Why there is no blocker (shown when `blocker` is null). */
    noBlockerReason?: string;
    isEnabled: () => boolean;
    onChange: (state: KeepAwakeState) => void;
  }) {
    this.unavailableReason = options.blocker ? null : (options.noBlockerReason ?? "this platform offers no way to block sleep");
    this.lastEmitted = JSON.stringify(this.state());
  }

  state(): KeepAwakeState {
    return {
      isEnabled: this.options.isEnabled(),
      isAvailable: this.unavailableReason === null,
      method: this.options.blocker?.method ?? null,
      unavailableReason: this.unavailableReason,
      isActive: this.block !== null,
      jobs: [...this.jobs.values()],
    };
  }

  /** Feeds a job change (every `job` event). */
  onJob(job: JobState): void {
    if (!keepAwakeJobKinds.has(job.kind)) return;
    if (job.status === "running") this.jobs.set(job.id, { id: job.id, kind: job.kind, title: job.title });
    else this.jobs.delete(job.id);
    this.update();
  }

  /** Re-reads the setting (after settings change) and acquires or releases accordingly. */
  update(): Promise<void> {
    this.queue = this.queue.then(() => this.apply());
    return this.queue;
  }

  /**
   * Finds out once whether the blocker works here (takes a block and lets it go at once), so the state is
   * truthful before the first long job: systemd-inhibit exists in a container but refuses without a system bus.
   */
  probe(): Promise<void> {
    if (this.hasProbed || !this.options.blocker?.needsProbe) return this.queue;
    this.hasProbed = true;
    const blocker = this.options.blocker;
    this.queue = this.queue.then(async () => {
      if (this.block) return;
      try {
        await (await blocker.acquire("tracetune: checking that sleep can be blocked")).release();
      } catch (error) {
        this.unavailableReason = error instanceof PowerBlockUnavailableError ? error.reason : String(error);
      }
      this.emitIfChanged();
    });
    return this.queue;
  }

  /** Releases the block (core shutdown). */
  async dispose(): Promise<void> {
    this.jobs.clear();
    await this.update();
  }

  private async apply(): Promise<void> {
    const blocker = this.options.blocker;
    const wanted = this.jobs.size > 0 && this.options.isEnabled() && blocker !== null;
    if (wanted && !this.block) {
      const isNewJob = [...this.jobs.keys()].some((id) => !this.refusedForJobs.has(id));
      if (isNewJob) {
        try {
          const block = await blocker.acquire(`tracetune: ${[...this.jobs.values()].map((job) => job.title).join("; ")}`);
          this.block = block;
          this.unavailableReason = null;
          this.refusedForJobs.clear();
          block.onLost((reason) => {
            if (this.block !== block) return;
            this.block = null;
            this.unavailableReason = reason;
            this.refusedForJobs = new Set(this.jobs.keys());
            this.emitIfChanged();
          });
        } catch (error) {
          this.unavailableReason = error instanceof PowerBlockUnavailableError ? error.reason : String(error);
          this.refusedForJobs = new Set(this.jobs.keys());
        }
      }
    } else if (!wanted && this.block) {
      const block = this.block;
      this.block = null;
      await block.release();
    }
    this.emitIfChanged();
  }

  /** Pushes the state when it differs from the last one pushed (jobs come and go, blocks are taken or refused). */
  private emitIfChanged(): void {
    const state = this.state();
    const text = JSON.stringify(state);
    if (text === this.lastEmitted) return;
    this.lastEmitted = text;
    this.options.onChange(state);
  }
}
