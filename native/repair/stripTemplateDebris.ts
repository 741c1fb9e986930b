/**
 * Chat-template and stop-token debris a completion can carry: a backend that does not strip special tokens,
 * an engine run with its end-of-sequence ignored, or completions copied from another tool's dump.
 */

/** End-of-turn markers of the common chat templates (ChatML, Llama 2/3, Gemma, Phi, DeepSeek, GPT-2). */
const END_OF_TURN = [
  "<|im_end|>",
  "<|eot_id|>",
  "</s>",
  "<|endoftext|>",
  "<|end_of_text|>",
  "<end_of_turn>",
  "<|end|>",
  "<|EOT|>",
  "<｜end▁of▁sentence｜>",
];

/** Turn openers (with the role they name) and sequence starts: they carry no text of the answer. */
const TURN_OPENERS = [
  /<\|im_start\|>\s*\w*\s*/g,
  /<\|start_header_id\|>[^<]*<\|end_header_id\|>\s*/g,
  /<start_of_turn>\s*\w*\s*/g,
  /<\|(assistant|user|system)\|>\s*/g,
  /<s>/g,
  /\[\/?INST\]/g,
  /<｜(Assistant|User)｜>/g,
];

/**
 * The text of the model's own turn. Everything after the first end-of-turn marker is cut: the model would
 * have stopped there, and what follows is a hallucinated next turn (which may hold code of its own, so it
 * must not be picked). A marker before any text is only removed. Turn openers are removed wherever they are.
 */
export function stripTemplateDebris(text: string): string {
  let out = text.replace(/\r\n?/g, "\n").replace(/^\uFEFF/, "");
  for (const opener of TURN_OPENERS) out = out.replace(opener, "");
  for (;;) {
    const leading = END_OF_TURN.find((marker) => out.trimStart().startsWith(marker));
    if (!leading) break;
    out = out.trimStart().slice(leading.length);
  }
  let cut = -1;
  for (const marker of END_OF_TURN) {
    const at = out.indexOf(marker);
    if (at !== -1 && (cut === -1 || at < cut)) cut = at;
  }
  return cut === -1 ? out : out.slice(0, cut);
}

/**
 * Removes reasoning blocks (`<think>…</think>`, as Qwen3 and DeepSeek-R1 write before their answer): drafts of
 * code inside them are not the answer. `isOpen` is true when the text ends inside one (the answer never came).
 */
export function stripReasoning(text: string): { text: string; isOpen: boolean } {
  const closed = text.replace(/<think>[\s\S]*?<\/think>/g, "");
  // A lone closing tag: the template opened the block in the prompt, so everything before it is reasoning.
  const afterLoneClose = closed.includes("</think>") ? closed.slice(closed.lastIndexOf("</think>") + "</think>".length) : closed;
  const open = afterLoneClose.indexOf("<think>");
  return open === -1 ? { text: afterLoneClose, isOpen: false } : { text: afterLoneClose.slice(0, open), isOpen: true };
}
