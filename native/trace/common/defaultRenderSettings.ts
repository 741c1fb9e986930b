import type { TraceRenderSettings } from "./types.js";

/**
 * Our defaults (docs/trace-format.md says why): first 2 + last 1 states of a repeated line show a loop's
 * start and where it ended; 40-character reprs keep short lists and strings whole; 512 tokens leaves room
 * for the prompt and a fix in a 2,048-token context of a small local model.
 */
export const defaultRenderSettings: TraceRenderSettings = { firstStates: 2, lastStates: 1, reprCut: 40, budget: 512 };

/** Failure values are kept longer than others until the last degrade steps: they are the evidence. */
export const FAILURE_REPR_CUT = 120;
