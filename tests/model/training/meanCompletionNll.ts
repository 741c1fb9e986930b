import { getLlama, LlamaText, resolveChatWrapper, type ChatHistoryItem } from "node-llama-cpp";

type Message = { role: "system" | "user" | "assistant"; content: string };

/**
 * Mean negative log-likelihood per token of each row's assistant turn given its prompt, under `modelFile`:
 * the prompt rendered with the model's chat template exactly as sampling renders it (open assistant turn),
 * then every token of the assistant's text scored from the full next-token distribution (temperature 1, no
 * truncation). Lower is better; the measure the loop test compares before and after training.
 */
export async function meanCompletionNll(options: { modelFile: string; rows: Message[][] }): Promise<number> {
  const llama = await getLlama({ gpu: false, build: "never", skipDownload: true });
  const model = await llama.loadModel({ modelPath: options.modelFile });
  const context = await model.createContext({ contextSize: 2048, sequences: 1 });
  const sequence = context.getSequence();
  const wrapper = resolveChatWrapper(model);
  let total = 0;
  let count = 0;
  try {
    for (const messages of options.rows) {
      const history: ChatHistoryItem[] = messages.slice(0, -1).map((m) => (m.role === "assistant" ? { type: "model", response: [m.content] } : { type: m.role, text: m.content }));
      history.push({ type: "model", response: [] });
      const prompt = LlamaText(wrapper.generateContextState({ chatHistory: history }).contextText).tokenize(model.tokenizer);
      const completion = model.tokenize(messages[messages.length - 1].content, false);
      const input = [...prompt, ...completion.slice(0, -1)];
      const scoredFrom = prompt.length - 1;
      const next = { probabilities: true, options: { temperature: 1, topK: 0, topP: 1, minP: 0 } } as const;
      const results = await sequence.controlledEvaluate(input.map((token, index) => (index >= scoredFrom ? [token, { generateNext: next }] : token)));
      for (let i = 0; i < completion.length; i++) {
        const probabilities = results[scoredFrom + i]?.next?.probabilities;
        if (!probabilities) throw new Error(`no probabilities at completion token ${i}`);
        total += -Math.log(Math.max(probabilities.get(completion[i]) ?? 0, 1e-12));
        count += 1;
      }
      await sequence.clearHistory();
    }
  } finally {
    await context.dispose();
    await model.dispose();
  }
  return total / count;
}
