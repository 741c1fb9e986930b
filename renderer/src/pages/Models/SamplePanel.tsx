import { useEffect, useRef, useState } from "react";
import type { SampleResult } from "../../../../native/api/index";
import { api } from "../../api/client";
import type { ApiError } from "../../api/transport";
import { jobStore } from "../../api/useJobs";
import { CodeView } from "../../components/CodeView/CodeView";
import { JobProgress } from "../../components/JobProgress/JobProgress";
import { Button, Checkbox, Notice, Panel, TextArea, TextField } from "../../components/ui";

/**
 * A prompt box that draws k samples from the loaded model, streamed side by side, with tokens/s.
 * Streamed text is buffered by job id from the first event on: deltas (and the job's end) can arrive before
 * `sample` returns the id (see JobStore).
 */
export function SamplePanel() {
  const [prompt, setPrompt] = useState("def add(a, b):\n");
  const [isChat, setIsChat] = useState(false);
  const [k, setK] = useState(4);
  const [temperature, setTemperature] = useState(0.8);
  const [maxTokens, setMaxTokens] = useState(64);
  const [seed, setSeed] = useState(1);
  const [grammar, setGrammar] = useState("");
  const [texts, setTexts] = useState<string[]>([]);
  const [result, setResult] = useState<SampleResult | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [isRunning, setIsRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [grammarError, setGrammarError] = useState<string | null>(null);
  const streams = useRef(new Map<string, string[]>());
  const shownJob = useRef<string | null>(null);

  useEffect(
    () =>
      api.subscribe((event) => {
        if (event.topic !== "sample") return;
        const { jobId: id, deltas, restarted = [] } = event.payload;
        const next = [...(streams.current.get(id) ?? [])];
        // A completion restarted with its seed (its engine came back) starts again from nothing.
        for (const index of restarted) next[index] = "";
        for (const delta of deltas) next[delta.index] = (next[delta.index] ?? "") + delta.text;
        streams.current.set(id, next);
        if (id === shownJob.current) setTexts(next);
      }),
    [],
  );

  const start = async () => {
    setError(null);
    setGrammarError(null);
    setResult(null);
    setTexts(Array.from({ length: k }, () => ""));
    setIsRunning(true);
    try {
      const request = {
        ...(isChat ? { messages: [{ role: "user" as const, content: prompt }] } : { prompt }),
        k, temperature, maxTokens, seed, ...(grammar.trim() ? { grammar } : {}),
      };
      const job = await jobStore.runJob(() => api.sample({ request }), (id) => {
        shownJob.current = id;
        setJobId(id);
        const early = streams.current.get(id);
        if (early) setTexts(early);
      });
      if (job.status === "failed") setError(job.error?.message ?? "Sampling failed.");
      const sampled = job.result as SampleResult | undefined;
      if (sampled) {
        setResult(sampled);
        setTexts(sampled.completions.map((c) => c.text));
      }
      streams.current.delete(job.id);
    } catch (failure) {
      const apiError = failure as ApiError;
      // A request the core refuses at once names its field: a bad grammar is shown on the grammar.
      if (apiError.details?.field === "grammar") setGrammarError(apiError.message);
      else setError(apiError.message);
    } finally {
      setIsRunning(false);
    }
  };

  return (
    <Panel title="Try it" data-testid="sample-panel">
      <TextArea label="Prompt" isCode rows={4} value={prompt} onChange={(e) => setPrompt(e.target.value)} />
      <div className="models-form">
        <Checkbox label="Chat (model's template)" checked={isChat} onChange={setIsChat} />
        <TextField label="k" type="number" min={1} max={64} value={k} onChange={(e) => setK(Number(e.target.value))} className="narrow" />
        <TextField label="Temperature" type="number" min={0} step={0.1} value={temperature} onChange={(e) => setTemperature(Number(e.target.value))} className="narrow" />
        <TextField label="Max tokens" type="number" min={1} value={maxTokens} onChange={(e) => setMaxTokens(Number(e.target.value))} className="narrow" />
        <TextField label="Seed" type="number" min={0} value={seed} onChange={(e) => setSeed(Number(e.target.value))} className="narrow" />
      </div>
      <TextArea label="Grammar" hint='optional GBNF grammar, e.g. root ::= "yes" | "no"' isCode rows={2} value={grammar} error={grammarError} onChange={(e) => (setGrammar(e.target.value), setGrammarError(null))} />
      <div className="ui-row models-actions">
        <Button variant="primary" onClick={start} disabled={isRunning}>Sample</Button>
        {isRunning && jobId && <Button onClick={() => api.cancelJob({ id: jobId })}>Stop</Button>}
        <JobProgress jobId={isRunning ? jobId : null} label="Sampling" testId="sample-progress" />
      </div>
      {error && <Notice tone="error" data-testid="sample-error">{error}</Notice>}
      {result && (
        <p data-testid="sample-stats" role="status">
          {result.completions.length} samples · prompt {result.promptTokens} tokens · {(result.elapsedMs / 1000).toFixed(2)} s · {result.tokensPerSecond.toFixed(1)} tokens/s
        </p>
      )}
      <div className="models-samples">
        {texts.map((text, index) => {
          const completion = result?.completions[index];
          return (
            <article key={index} className="models-sample-card" data-testid="sample-card" aria-label={`Sample ${index}`}>
              <header>#{index}{completion && ` · seed ${completion.seed} · ${completion.tokens} tokens · ${completion.finishReason}`}</header>
              <CodeView value={text} label={`Sample ${index}`} hasLineNumbers={false} isWrapped maxHeight={240} data-testid="sample-text" />
            </article>
          );
        })}
      </div>
    </Panel>
  );
}
