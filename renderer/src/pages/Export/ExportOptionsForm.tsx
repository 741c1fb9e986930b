import type { RoundRunStatus } from "../../../../native/api/index";
import { PathField } from "../../components/PathField/PathField";
import { Checkbox, Select, TextArea, TextField } from "../../components/ui";
import type { ExportForm, FieldErrors } from "./exportForm";

/** Which rounds and how: trace or not, system prompt, length limit and what to do over it, split, base model. */
export function ExportOptionsForm({ run, form, onChange, errors }: { run: RoundRunStatus; form: ExportForm; onChange: (form: ExportForm) => void; errors: FieldErrors }) {
  const set = <K extends keyof ExportForm>(key: K, value: ExportForm[K]) => onChange({ ...form, [key]: value });
  const toggleRound = (round: number, isOn: boolean) => set("rounds", isOn ? [...form.rounds, round] : form.rounds.filter((r) => r !== round));
  return (
    <div className="export-options" data-testid="export-options">
      <fieldset className="export-rounds">
        <legend>Rounds (none ticked: every round)</legend>
        {run.rounds.length === 0 && <span className="export-muted">This run has no rounds yet.</span>}
        {run.rounds.map((round) => (
          <Checkbox key={round.round} label={`Round ${round.round} (${round.kept} kept)`} checked={form.rounds.includes(round.round)} onChange={(isOn) => toggleRound(round.round, isOn)} />
        ))}
        {errors.rounds && <span className="ui-field-error" role="alert">{errors.rounds}</span>}
      </fieldset>
      <div className="export-row">
        <Checkbox label="Execution trace in the prompt" checked={form.includeTrace} onChange={(isOn) => set("includeTrace", isOn)} data-testid="export-trace" />
      </div>
      <div className="export-row">
        <TextField label="Max tokens per row" inputMode="numeric" value={form.maxTokens} onChange={(event) => set("maxTokens", event.target.value)} placeholder="model's context" hint="Blank: the base model's context length (else 4096)." error={errors.maxTokens} data-testid="export-max-tokens" />
        <Select label="Rows over the limit" value={form.overLength} options={[{ value: "exclude", label: "Leave out (listed)" }, { value: "keep", label: "Keep (listed)" }]} onChange={(value) => set("overLength", value)} />
        <TextField label="Validation share (by task)" inputMode="decimal" value={form.validRatio} onChange={(event) => set("validRatio", event.target.value)} hint="Tasks held out; frozen across exports." error={errors.validRatio} data-testid="export-valid-ratio" />
      </div>
      <PathField label="Base model (GGUF, optional)" kind="file" extensions={["gguf"]} value={form.model} onChange={(value) => set("model", value)} hint="Its chat template renders corpus.txt and its tokenizer counts tokens. Blank: the rounds' model file, else a ChatML fallback." error={errors.model} data-testid="export-model" />
      <TextArea label="System prompt (optional)" rows={2} value={form.systemPrompt} onChange={(event) => set("systemPrompt", event.target.value)} hint="Put first in every row. Blank keeps the prompt's own." error={errors.systemPrompt} />
    </div>
  );
}
