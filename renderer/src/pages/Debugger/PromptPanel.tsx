import { useState } from "react";
import type { RepairPrompt, RepairPromptOptions, RepairTraceFormat } from "../../../../native/api/index";
import { api } from "../../api/client";
import { CodeView } from "../../components/CodeView/CodeView";
import { Button, Facts, Notice, Panel, Select, TextField } from "../../components/ui";
import type { RepairCase } from "./AskModelPanel";

/** The prompt settings the Debugger shares between "What the model sees" and "Ask the model" (strings as typed). */
export interface PromptChoices {
  traceFormat: RepairTraceFormat;
  fewShot: "0" | "1" | "2" | "3";
  maxTokens: string;
}

export function maxTokensError(value: string): string | null {
  return /^\d+$/.test(value) && Number(value) >= 16 ? null : "at least 16 tokens";
}

/** The request fields of the choices; invalid ones are left out (the field shows why). */
export function promptOptions(choices: PromptChoices): RepairPromptOptions {
  return { traceFormat: choices.traceFormat, fewShot: Number(choices.fewShot), ...(maxTokensError(choices.maxTokens) ? {} : { maxTokens: Number(choices.maxTokens) }) };
}

/**
 * The prompt exactly as the model will see it (the NExT inline trace within its budget), with its token count,
 * and the choices that shape it (trace format, exemplars, room for the answer), which asking the model uses too.
 */
export function PromptPanel({ repairCase, choices, onChoices }: { repairCase: RepairCase; choices: PromptChoices; onChoices: (choices: PromptChoices) => void }) {
  const [prompt, setPrompt] = useState<RepairPrompt | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const show = async () => {
    setIsBusy(true);
    setError(null);
    try {
      const target = repairCase.taskId ? { task: repairCase.taskId } : { program: repairCase.program, tests: repairCase.tests, entryPoint: repairCase.entryPoint || undefined, description: repairCase.description || undefined };
      setPrompt(await api.repairPrompt({ ...target, ...promptOptions(choices) }));
    } catch (failure) {
      setError((failure as Error).message);
      setPrompt(null);
    } finally {
      setIsBusy(false);
    }
  };
  return (
    <Panel title="What the model sees" data-testid="prompt-panel">
      <div className="form-row">
        <Select label="Trace in the prompt" value={choices.traceFormat} onChange={(traceFormat) => onChoices({ ...choices, traceFormat })} options={[{ value: "next", label: "NExT inline trace" }, { value: "scratchpad", label: "Scratchpad trace" }, { value: "none", label: "No trace" }]} />
        <Select label="Few-shot exemplars" value={choices.fewShot} onChange={(fewShot) => onChoices({ ...choices, fewShot })} options={[{ value: "0", label: "none" }, { value: "1", label: "1" }, { value: "2", label: "2" }, { value: "3", label: "3" }]} />
        <TextField label="Room for the answer (tokens)" inputMode="numeric" value={choices.maxTokens} onChange={(e) => onChoices({ ...choices, maxTokens: e.target.value })} error={maxTokensError(choices.maxTokens)} />
        <Button onClick={show} disabled={isBusy || maxTokensError(choices.maxTokens) !== null} data-testid="show-prompt">{isBusy ? "Building…" : "Show the prompt"}</Button>
      </div>
      {error && <Notice tone="error">{error}</Notice>}
      {prompt && (
        <>
          <Facts data-testid="prompt-facts" items={[
            ["Tokens", `${prompt.tokens} (${prompt.tokenizer === "model" ? "the loaded model's tokenizer" : "estimated: UTF-8 bytes / 2.5"})`],
            ["Budget", `context ${prompt.budget.contextSize} − answer ${prompt.budget.maxTokens} − rest ${prompt.budget.rest} = ${prompt.budget.trace} for the trace`],
            ["Trace", prompt.trace ? `${prompt.trace.call} → ${prompt.trace.outcome}; ${prompt.trace.tokens} tokens${prompt.trace.fitsBudget ? "" : " (over budget)"}${prompt.trace.degradeLevel > 0 ? `, shortened (level ${prompt.trace.degradeLevel})` : ""}` : "none"],
            ["Template", `${prompt.templateId}${prompt.exemplars.length ? `, exemplars: ${prompt.exemplars.join(", ")}` : ""}`],
          ]} />
          {prompt.exemplarOverlap.length > 0 && <Notice tone="warning">This case matches a few-shot exemplar ({prompt.exemplarOverlap.map((o) => o.exemplarId).join(", ")}): it is left out of evaluation and training.</Notice>}
          <CodeView value={prompt.text} label="Prompt as the model sees it" language="text" maxHeight={420} data-testid="prompt-text" />
        </>
      )}
    </Panel>
  );
}
