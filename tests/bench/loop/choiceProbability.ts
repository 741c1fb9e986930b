// A deterministic measure of a loop model on the toy family (issue 15): for each dev task, the probability the
// model gives the correct candidate edit among the task's candidates, given the repair prompt. Sampled pass@1
// (n = 8 per task) moves by ±3 points of noise on 31 tasks; this has none, so a sweep over training settings can
// compare models that differ by a point.
import { getLlama, type LlamaModel, type Token } from "node-llama-cpp";
import type { ChatMessage } from "../../../native/sampling/SamplingBackend.js";
import { renderChatPrompt } from "../../../native/sampling/renderChatPrompt.js";

/** One dev task: its prompt as sampling sends it, and its candidate answers (exactly as the grammar writes them). */
export interface ChoiceItem {
  taskId: string;
  messages: ChatMessage[];
  answers: Array<{ text: string; isCorrect: boolean }>;
}

export interface ChoiceScore {
  taskId: string;
  /** Sequence probabilities at T = 1 normalised over the candidates (no grammar, no truncation). */
  sequence: number;
  /** The probability grammar-constrained sampling at `temperature` draws the correct answer: at each token where the candidates branch, the candidates' next tokens renormalised at that temperature (top-k/top-p not applied). */
  grammar: number;
}

export interface ChoiceSummary {
  model: string;
  temperature: number;
  /** Means over tasks. */
  sequence: number;
  grammar: number;
  /** What choosing uniformly among the candidates gives. */
  uniform: number;
  tasks: ChoiceScore[];
}

const next = { probabilities: true, options: { temperature: 1, topK: 0, topP: 1, minP: 0 } } as const;

/**
 * Scores `items` under a model (`model`, already loaded, e.g. a sampling backend's; else loaded from `modelFile`
 * with node-llama-cpp's prebuilt CPU binaries): every candidate's tokens after the rendered prompt, each from
 * the full next-token distribution. Deterministic for a given model file and thread count.
 */
export async function scoreChoices(options: { modelFile: string; model?: LlamaModel; items: ChoiceItem[]; temperature?: number; threads?: number }): Promise<ChoiceSummary> {
  const temperature = options.temperature ?? 0.8;
  const model = options.model ?? (await (await getLlama({ gpu: false, build: "never", skipDownload: true })).loadModel({ modelPath: options.modelFile }));
  const context = await model.createContext({ contextSize: 4096, sequences: 1, threads: options.threads ?? 1 });
  const sequence = context.getSequence();
  const tasks: ChoiceScore[] = [];
  try {
    for (const item of options.items) {
      const prompt = renderChatPrompt({ model, messages: item.messages }).tokens;
      const candidates: Array<{ tokens: Token[]; isCorrect: boolean; logProb: number; distributions: Array<Map<Token, number>> }> = [];
      for (const answer of item.answers) {
        const tokens = model.tokenize(answer.text, false);
        const input = [...prompt, ...tokens.slice(0, -1)];
        const from = prompt.length - 1;
        const results = await sequence.controlledEvaluate(input.map((token, index) => (index >= from ? [token, { generateNext: next }] : token)));
        const distributions = tokens.map((_, i) => {
          const probabilities = results[from + i]?.next?.probabilities;
          if (!probabilities) throw new Error(`scoreChoices: no probabilities at answer token ${i} of ${item.taskId}`);
          return probabilities;
        });
        const logProb = tokens.reduce((sum, token, i) => sum + Math.log(Math.max(distributions[i].get(token) ?? 0, 1e-30)), 0);
        candidates.push({ tokens, isCorrect: answer.isCorrect, logProb, distributions });
        await sequence.clearHistory();
      }
      const max = Math.max(...candidates.map((c) => c.logProb));
      const weights = candidates.map((c) => Math.exp(c.logProb - max));
      const total = weights.reduce((a, b) => a + b, 0);
      const sequenceScore = candidates.reduce((sum, c, i) => sum + (c.isCorrect ? weights[i] / total : 0), 0);
      tasks.push({ taskId: item.taskId, sequence: sequenceScore, grammar: grammarProbability(candidates, temperature) });
    }
  } finally {
    await context.dispose();
    if (!options.model) await model.dispose();
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  return {
    model: options.modelFile, temperature, tasks,
    sequence: mean(tasks.map((t) => t.sequence)), grammar: mean(tasks.map((t) => t.grammar)),
    uniform: mean(options.items.map((item) => item.answers.filter((a) => a.isCorrect).length / item.answers.length)),
  };
}

/**
 * The probability of drawing a correct candidate when sampling is restricted to the candidates' token sequences:
 * walk each candidate's tokens; where candidates sharing the prefix so far continue with different tokens, the
 * step's probability is that token's tempered probability over the tempered probabilities of the continuing
 * tokens (the grammar masks everything else). The distributions at a shared prefix are the same for every
 * candidate through it (same input), so any one's serves.
 */
export function grammarProbability(candidates: Array<{ tokens: Token[]; isCorrect: boolean; distributions: Array<Map<Token, number>> }>, temperature: number): number {
  let correct = 0;
  for (const candidate of candidates) {
    if (!candidate.isCorrect) continue;
    let probability = 1;
    let sharing = candidates;
    for (let i = 0; i < candidate.tokens.length; i++) {
      const options = new Set(sharing.filter((c) => c.tokens.length > i).map((c) => c.tokens[i]));
      if (options.size > 1) {
        const tempered = (token: Token) => Math.pow(Math.max(candidate.distributions[i].get(token) ?? 0, 1e-30), 1 / temperature);
        const total = [...options].reduce((sum, token) => sum + tempered(token), 0);
        probability *= tempered(candidate.tokens[i]) / total;
      }
      sharing = sharing.filter((c) => c.tokens[i] === candidate.tokens[i]);
    }
    correct += probability;
  }
  return correct;
}
