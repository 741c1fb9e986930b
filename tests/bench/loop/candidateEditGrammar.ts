import { formatRepairAnswer } from "../../../native/repair/composeRepairMessages.js";
import type { ChatMessage, SamplingBackend } from "../../../native/sampling/SamplingBackend.js";
import type { CheckedToyTask } from "./checkToyTasks.js";

/** The rationale every candidate answer gives: the same words, so the choice is made in the code. */
export const TOY_RATIONALE = "The failing test returns the wrong value, so one line of the function computes the wrong thing.";

/**
 * The answers a model may write for a toy task: one per candidate edit, in the app's answer format, the same
 * rationale, then the whole program with that edit. The answers share their text up to the edited line, so
 * the model's choice is made at the first token where the edits differ, with the program so far before it.
 * (A first version named the edit in the rationale, right after quoting the buggy line: there a trained model
 * copied the quoted bug and chose the edits most like it, and pass@1 fell from 0.21 to 0.13 after a round.)
 */
export function candidateAnswers(task: CheckedToyTask): string[] {
  return task.candidates.map((candidate) => formatRepairAnswer({ rationale: TOY_RATIONALE, code: candidate.program }));
}

/** A GBNF grammar whose only sentences are the task's candidate answers (JSON string escapes are GBNF's). */
export function candidateGrammar(task: CheckedToyTask): string {
  return `root ::= ${candidateAnswers(task).map((answer) => JSON.stringify(answer)).join(" | ")}`;
}

/** The entry point a repair prompt names (the template's "Keep the function name `…`"). */
function promptEntryPoint(request: Parameters<SamplingBackend["sample"]>[0]): string | null {
  const user = [...(request.messages ?? [])].reverse().find((message) => message.role === "user")?.content ?? request.prompt ?? "";
  return /Keep the function name `([^`]+)`/.exec(user)?.[1] ?? null;
}

/**
 * `backend` with each request constrained to the candidate answers of the task its prompt is about (found by
 * the entry point the prompt names), since a run has one grammar and each toy task needs its own. Everything
 * else (the model, its sampling, the prompt) is the backend's own. A prompt about no known task is refused,
 * so a change of template cannot make the benchmark sample unconstrained without saying so. `onRequest` sees
 * each request's messages (the bench keeps the dev prompts to score every model's choice on them).
 */
export function withCandidateGrammars(backend: SamplingBackend, tasks: CheckedToyTask[], onRequest?: (entryPoint: string, messages: ChatMessage[]) => void): SamplingBackend {
  const grammars = new Map(tasks.map((task) => [task.entryPoint, candidateGrammar(task)]));
  return {
    id: backend.id,
    sample: (request, options) => {
      const entryPoint = promptEntryPoint(request);
      const grammar = entryPoint ? grammars.get(entryPoint) : undefined;
      if (!grammar) throw new Error(`loop bench: no toy task named in the prompt (entry point ${entryPoint ?? "not found"})`);
      if (entryPoint && request.messages) onRequest?.(entryPoint, request.messages);
      return backend.sample({ ...request, grammar }, options);
    },
    ...(backend.tokenize ? { tokenize: (text: string) => backend.tokenize!(text) } : {}),
    dispose: () => backend.dispose(),
  };
}
