import type { JobState } from "../common/jobs.js";

/**
 * Every event the core pushes to its front doors, by topic. Features add their topics here;
 * payloads are plain JSON. Pushes are throttled deltas, never whole-state dumps per token.
 */
export interface ApiEvents {
  /** A job started, progressed (throttled) or ended. */
  job: JobState;
}

export type ApiEventTopic = keyof ApiEvents;
export type ApiEvent = { [T in ApiEventTopic]: { topic: T; payload: ApiEvents[T] } }[ApiEventTopic];
