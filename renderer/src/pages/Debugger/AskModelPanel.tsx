import { useState } from "react";
import type { RepairRequest, RepairResult, RepairSample } from "../../../../native/api/index";
import { api } from "../../api/client";
import { useApi } from "../../api/useApi";
import { jobStore } from "../../api/useJobs";
import { routeHref } from "../../app/route";
import { JobProgress } from "../../components/JobProgress/JobProgress";
import { Button, Dialog, Notice, Panel, Select, TextArea, TextField } from "../../components/ui";
import { maxTokensError, promptOptions, type PromptChoices } from "./PromptPanel";
import { SampleCard } from "./SampleCard";
import { findRoundHoldingModel, repairPausingRound } from "./roundHoldingModel";
import { useRepairEvents } from "./useRepairEvents";

export interface RepairCase {
  /** Set when the case is a stored task left unedited (the repair step then reads the task itself). */
  taskId: string | null;
  program: string;
  tests: string;
  entryPoint: string;
  description: string;
}

/**
 * Ask the model: the loaded model (or a serving engine), k, temperature and trace format; rationales and fixes
 * stream in side by side, each fix shows its verdict as soon as the sandbox has judged it.
 */
export function AskModelPanel({ repairCase, call, choices }: { repairCase: RepairCase; call: string | null; choices: PromptChoices }) {
  const loaded = useApi(() => api.getLoadedModel());
  const settings = useApi(() => api.getRepairSettings());
  const [k, setK] = useState("");
  const [temperature, setTemperature] = useState("");
  const [engineUrl, setEngineUrl] = useState("");
  const [grammar, setGrammar] = useState("");
  const [seed, setSeed] = useState("");

  const [jobId, setJobId] = useState<string | null>(null);
  const [result, setResult] = useState<RepairResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The run of rounds holding the model when the user asked: the dialog lets them pause it or wait. */
  const [roundInTheWay, setRoundInTheWay] = useState<string | null>(null);
  /** The run paused for this answer, until it is resumed. */
  const [pausedRound, setPausedRound] = useState<{ name: string; isResumed: boolean } | null>(null);
  const stream = useRepairEvents()(jobId);

  const kValue = k === "" ? settings.data?.k ?? 4 : Number(k);
  const temperatureValue = temperature === "" ? settings.data?.temperature ?? 0.8 : Number(temperature);
  const kError = Number.isInteger(kValue) && kValue >= 1 && kValue <= 64 ? null : "k is a whole number from 1 to 64";
  const temperatureError = Number.isFinite(temperatureValue) && temperatureValue >= 0 && temperatureValue <= 2 ? null : "temperature is from 0 to 2";
  const seedError = seed === "" || /^\d+$/.test(seed) ? null : "the seed is a whole number";
  const choicesError = maxTokensError(choices.maxTokens);
  const hasBackend = loaded.data !== null || engineUrl.trim() !== "";
  const isRunning = jobId !== null && result === null && error === null;

  // A round holding the loaded model would keep this answer waiting: ask the user (pause it, wait, or cancel).
  const ask = async () => {
    setPausedRound(null);
    const holder = engineUrl.trim() ? null : await findRoundHoldingModel(api).catch(() => null);
    if (holder) setRoundInTheWay(holder);
    else await runRepair();
  };
  const pauseRoundAndAsk = async (name: string) => {
    setRoundInTheWay(null);
    setPausedRound({ name, isResumed: false });
    try {
      await repairPausingRound(api, name, runRepair, () => setPausedRound({ name, isResumed: true }));
    } catch (failure) {
      setError((failure as Error).message);
    }
  };

  const runRepair = async () => {
    setError(null);
    setResult(null);
    setJobId(null);
    const target = repairCase.taskId ? { task: repairCase.taskId } : { program: repairCase.program, tests: repairCase.tests, entryPoint: repairCase.entryPoint || undefined, description: repairCase.description || undefined };
    const request: RepairRequest = {
      ...target, k: kValue, temperature: temperatureValue,
      ...promptOptions(choices),
      ...(seed ? { seed: Number(seed) } : {}),

      ...(grammar.trim() ? { grammar } : {}),
      ...(engineUrl.trim() ? { engine: { url: engineUrl.trim() } } : {}),
    };
    try {
      const finished = await jobStore.runJob(() => api.repairStart(request), setJobId);
      if (finished.status === "failed") setError(finished.error?.message ?? "The repair job failed.");
      setResult((finished.result as RepairResult | undefined) ?? { samples: [], prompt: null, taskId: null, entryPoint: repairCase.entryPoint, model: { kind: "completions", source: null } });
    } catch (failure) {
      setError((failure as Error).message);
    }
  };

  const samples: RepairSample[] = result?.samples.length ? result.samples : stream.samples;
  const judged = new Set(samples.map((sample) => sample.index));
  const streaming = Object.entries(stream.texts).filter(([index]) => !judged.has(Number(index)));
  const passing = samples.filter((sample) => sample.verdict === "pass").length;

  return (
    <Panel title="Ask the model" data-testid="ask-model">
      <p className="debugger-model" data-testid="ask-backend">
        {engineUrl.trim() ? <>Serving engine <code>{engineUrl.trim()}</code></> : loaded.data ? <>Model <code>{loaded.data.info.fileName ?? loaded.data.path.split(/[\\/]/).pop()}</code> ({loaded.data.backend}, context {loaded.data.contextSize})</> : <>No model is loaded. <a href={routeHref("models")}>Load one on the Models page</a>, or name a serving engine below.</>}
      </p>
      <p className="muted">The prompt is built with the choices under "What the model sees": {choices.traceFormat === "none" ? "no trace" : `${choices.traceFormat === "next" ? "NExT inline" : "scratchpad"} trace`}, {choices.fewShot === "0" ? "no" : choices.fewShot} exemplar{choices.fewShot === "1" ? "" : "s"}, {choices.maxTokens} tokens for each answer.</p>
      <div className="form-row">
        <TextField label="Samples (k)" inputMode="numeric" value={k} placeholder={String(settings.data?.k ?? 4)} onChange={(e) => setK(e.target.value)} error={kError} />
        <TextField label="Temperature" inputMode="decimal" value={temperature} placeholder={String(settings.data?.temperature ?? 0.8)} onChange={(e) => setTemperature(e.target.value)} error={temperatureError} />
        <TextField label="Seed" inputMode="numeric" value={seed} placeholder="random" onChange={(e) => setSeed(e.target.value)} error={seedError} />
      </div>
      <details className="advanced">
        <summary>Advanced: serving engine, grammar</summary>
        <TextField label="Serving engine URL" hint="An OpenAI-compatible server (llama-server, vLLM); loopback unless allowed in Settings." value={engineUrl} placeholder="http://127.0.0.1:8080/v1" onChange={(e) => setEngineUrl(e.target.value)} />
        <TextArea label="GBNF grammar every completion must follow" hint="Optional: constrains the answer (structured output)." value={grammar} rows={4} onChange={(e) => setGrammar(e.target.value)} />
      </details>
      <div className="form-actions">
        <Button variant="primary" onClick={ask} disabled={!hasBackend || isRunning || Boolean(kError || temperatureError || seedError || choicesError)} data-testid="ask-button">Ask for {kValue} fix{kValue === 1 ? "" : "es"}</Button>
        {samples.length > 0 && <span className="muted" data-testid="ask-summary">{passing} of {samples.length} judged fix{samples.length === 1 ? " passes" : "es pass"} every test</span>}
      </div>
      <Dialog
        title="A round is using the model"
        description={<>The run <strong>{roundInTheWay}</strong> holds the loaded model. Your question can wait until the round finishes, or the round can pause while the model answers and then resume by itself.</>}
        isOpen={roundInTheWay !== null}
        onOpenChange={(isOpen) => !isOpen && setRoundInTheWay(null)}
        footer={<>
          <Button variant="primary" onClick={() => void pauseRoundAndAsk(roundInTheWay!)} data-testid="pause-round-and-ask">Pause the round and answer now (the round resumes after)</Button>
          <Button variant="secondary" onClick={() => (setRoundInTheWay(null), void runRepair())} data-testid="wait-for-round">Wait until the round finishes</Button>
          <Button variant="secondary" onClick={() => setRoundInTheWay(null)}>Cancel</Button>
        </>}
      />
      {pausedRound && <Notice data-testid="paused-round">{pausedRound.isResumed ? <>The run <a href={routeHref("rounds", pausedRound.name)}>{pausedRound.name}</a> was paused for this answer and has resumed.</> : <>The run <a href={routeHref("rounds", pausedRound.name)}>{pausedRound.name}</a> is paused while the model answers; it resumes after.</>}</Notice>}
      <JobProgress jobId={jobId} label="Repair" testId="repair-progress" />
      {error && <Notice tone="error" data-testid="ask-error">{error}</Notice>}
      {stream.prompt && <p className="muted">Prompt: {stream.prompt.tokens} tokens ({stream.prompt.templateId}, {stream.prompt.traceFormat}).</p>}
      <div className="samples" aria-live="polite">
        {streaming.map(([index, text]) => (
          <article key={`stream-${index}`} className="sample-card sample-streaming" aria-label={`Sample ${Number(index) + 1}, being written`}>
            <header className="sample-head"><strong>Sample {Number(index) + 1}</strong> <span className="verdict-badge">writing…</span></header>
            <pre className="sample-stream">{text}</pre>
          </article>
        ))}
        {samples.map((sample) => <SampleCard key={sample.index} sample={sample} buggy={repairCase.program} tests={repairCase.tests} entryPoint={result?.entryPoint ?? repairCase.entryPoint} call={call} description={repairCase.description} />)}
      </div>
    </Panel>
  );
}
