import { useEffect, useRef, useState } from "react";
import type { SampleResult } from "../../../../native/api/index";
import { api } from "../../api/client";
import type { ApiError } from "../../api/transport";

/** A prompt box that draws k samples from the loaded model, streamed side by side, with tokens/s. */
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
  const [error, setError] = useState<string | null>(null);
  const jobRef = useRef<string | null>(null);

  useEffect(
    () =>
      api.subscribe((event) => {
        if (event.topic === "sample" && event.payload.jobId === jobRef.current) {
          setTexts((previous) => {
            const next = [...previous];
            for (const delta of event.payload.deltas) next[delta.index] = (next[delta.index] ?? "") + delta.text;
            return next;
          });
        }
        if (event.topic === "job" && event.payload.id === jobRef.current && event.payload.status !== "running") {
          const id = jobRef.current;
          jobRef.current = null;
          setJobId(null);
          void api.getJob({ id }).then((job) => {
            if (job.status === "failed") setError(job.error?.message ?? "Sampling failed.");
            const sampled = job.result as SampleResult | undefined;
            if (sampled) {
              setResult(sampled);
              setTexts(sampled.completions.map((c) => c.text));
            }
          });
        }
      }),
    [],
  );

  const start = async () => {
    setError(null);
    setResult(null);
    setTexts(Array.from({ length: k }, () => ""));
    try {
      const request = {
        ...(isChat ? { messages: [{ role: "user" as const, content: prompt }] } : { prompt }),
        k, temperature, maxTokens, seed, ...(grammar.trim() ? { grammar } : {}),
      };
      const { jobId: id } = await api.sample({ request });
      jobRef.current = id;
      setJobId(id);
    } catch (failure) {
      setError((failure as ApiError).message);
    }
  };

  return (
    <div className="models-sample">
      <h2>Try it</h2>
      <textarea aria-label="Prompt" rows={4} value={prompt} onChange={(e) => setPrompt(e.target.value)} />
      <div className="models-form">
        <label><input type="checkbox" checked={isChat} onChange={(e) => setIsChat(e.target.checked)} /> Chat (model's template)</label>
        <label>k <input aria-label="k" type="number" min={1} max={64} value={k} onChange={(e) => setK(Number(e.target.value))} /></label>
        <label>Temperature <input type="number" min={0} step={0.1} value={temperature} onChange={(e) => setTemperature(Number(e.target.value))} /></label>
        <label>Max tokens <input aria-label="Max tokens" type="number" min={1} value={maxTokens} onChange={(e) => setMaxTokens(Number(e.target.value))} /></label>
        <label>Seed <input type="number" min={0} value={seed} onChange={(e) => setSeed(Number(e.target.value))} /></label>
      </div>
      <textarea aria-label="Grammar" placeholder="optional GBNF grammar, e.g. root ::= &quot;yes&quot; | &quot;no&quot;" rows={2} value={grammar} onChange={(e) => setGrammar(e.target.value)} />
      <div>
        <button type="button" onClick={start} disabled={jobId !== null}>Sample</button>{" "}
        {jobId && <button type="button" onClick={() => api.cancelJob({ id: jobId })}>Stop</button>}
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      {result && (
        <p data-testid="sample-stats" role="status">
          {result.completions.length} samples · prompt {result.promptTokens} tokens · {(result.elapsedMs / 1000).toFixed(2)} s · {result.tokensPerSecond.toFixed(1)} tokens/s
        </p>
      )}
      <div className="models-samples">
        {texts.map((text, index) => {
          const completion = result?.completions[index];
          return (
            <article key={index} className="models-sample-card" data-testid="sample-card">
              <header>#{index}{completion && ` · seed ${completion.seed} · ${completion.tokens} tokens · ${completion.finishReason}`}</header>
              <pre data-testid="sample-text">{text}</pre>
            </article>
          );
        })}
      </div>
    </div>
  );
}
