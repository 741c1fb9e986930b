import { getLlamaGpuTypes, LlamaGrammarEvaluationState, type Llama, type LlamaContext, type LlamaContextSequence, type LlamaGrammar, type LlamaModel, type Token } from "node-llama-cpp";
import type { LoadModelOptions, ModelInfo, ThreadChoice } from "../api/modelsApi.js";
import { InvalidInputError, TracetuneError } from "../common/TracetuneError.js";
import { loadLlama, noteFailedModelLoad } from "../models/loadLlama.js";
import { ModelLoadError } from "../models/ModelLoadError.js";
import { physicalCoreCount } from "../models/physicalCoreCount.js";
import { readModelInfo } from "../models/readModelInfo.js";
import { resolveContextSize } from "../models/resolveContextSize.js";
import { chooseThreads } from "./chooseThreads.js";
import { CompletionText } from "./CompletionText.js";
import { copyPromptState } from "./copyPromptState.js";
import { loadBindingLlama, locateLlamaBinding, setBarrierSpin, useUnifiedKvCache } from "./loadBindingLlama.js";
import { renderChatPrompt } from "./renderChatPrompt.js";
import type { SampleCompletion, SampleOptions, SampleRequest, SampleResult, SamplingBackend } from "./SamplingBackend.js";
import { validateSampleRequest, type ResolvedSampleRequest } from "./validateSampleRequest.js";

/** The load options of the API (`LoadModelOptions`: GPU, layers, context, sequences, threads, LoRA), by path. */
export interface LocalSamplingBackendOptions extends Omit<LoadModelOptions, "path"> {
  modelPath: string;
  onLoadProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  /**
   * On tracetune's binding, run contexts with llama.cpp's unified KV cache (see useUnifiedKvCache): k samples share
   * the prompt's cells instead of copies of them. Default: on, unless `TRACETUNE_KV_UNIFIED=off`. Ignored on the
   * prebuilt binding, which lacks the option.
   */
  kvUnified?: boolean;
  /**
   * How old the barrier-spin measurement may get before the next request measures it again (ms; default 120,000;
   * Infinity: never). The spin that wins on free cores loses 5-10x when other processes take them (a training run
   * started beside a long round), and re-measuring costs two short decodes (~0.3 s idle), paid by that request.
   */
  spinRemeasureMs?: number;
}

/** See LocalSamplingBackendOptions.spinRemeasureMs. */
const SPIN_REMEASURE_MS = 120_000;

/** Context cells are allocated in these steps so small requests reuse one context. */
const CONTEXT_STEP = 256;

/**
 * Samples k completions from a GGUF model in this process (node-llama-cpp). The prompt is evaluated once
 * and its KV cache copied to the other sequences (see copyPromptState; on tracetune's binding with the unified KV
 * cache the copy only shares the prompt's cells), then all sequences decode in
 * lockstep: node-llama-cpp gathers the k pending tokens into one batch per step. k above
 * `parallelSequences` runs in waves that copy from one sequence holding the prompt.
 */
export class LocalSamplingBackend implements SamplingBackend {
  readonly id: string;
  private context: LlamaContext | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private isDisposed = false;
  /** How sequences got the shared prompt so far (see copyPromptState); "evaluate" means no sharing happened. */
  readonly promptShares = { copy: 0, stateFile: 0, evaluate: 0 };

  private constructor(
    private readonly llama: Llama,
    readonly model: LlamaModel,
    readonly info: ModelInfo,
    readonly settings: { contextSize: number; parallelSequences: number; threads: number; loraAdapters: string[] },
    /** How `settings.threads` was picked (measured at load unless set), and the barrier spin (measured again when old). */
    private choice: ThreadChoice,
    /** Which native binding runs the model: node-llama-cpp's prebuilt one, or tracetune's build (see loadSamplingLlama). */
    readonly binding: "prebuilt" | "tracetune",
    /** Whether contexts use llama.cpp's unified KV cache (tracetune's binding only). */
    readonly kvUnified: boolean,
    private readonly spinRemeasureMs: number,
  ) {
    this.id = `local:${info.path}`;
  }

  get threadChoice(): ThreadChoice {
    return this.choice;
  }

  /** When the barrier spin was last measured (performance.now()). */
  private spinMeasuredAt = performance.now();

  static async create(options: LocalSamplingBackendOptions): Promise<LocalSamplingBackend> {
    const { modelPath, gpu = "auto", gpuLayers = "auto", parallelSequences = 8, threads: threadsOption = "auto", loraAdapters = [], onLoadProgress, signal } = options;
    const threads = threadsOption === "auto" ? physicalCoreCount() : threadsOption;
    const { info } = await readModelInfo({ file: modelPath });
    if (info.kind !== "model") throw new InvalidInputError(`${info.path} is a ${info.kind} file, not a model that can be loaded.`, { field: "path", file: info.path });
    for (const adapter of loraAdapters) {
      const adapterInfo = (await readModelInfo({ file: adapter })).info;
      if (adapterInfo.kind !== "adapter") throw new InvalidInputError(`${adapterInfo.path} is not a LoRA adapter GGUF (general.type is not "adapter").`, { field: "loraAdapters", file: adapterInfo.path });
    }
    for (const [field, value] of Object.entries({ parallelSequences, threads })) {
      if (!Number.isInteger(value) || value < 1) throw new InvalidInputError(`Field "${field}" must be a positive integer, got ${value}.`, { field });
    }
    // The same resolution as the memory estimate's (lowered to the trained length; the models service says so).
    const { contextSize } = resolveContextSize({ requested: options.contextSize, trainedContextLength: info.trainedContextLength });
    if (!Number.isInteger(contextSize) || contextSize < 16) throw new InvalidInputError(`Field "contextSize" must be an integer of at least 16, got ${options.contextSize}.`, { field: "contextSize" });
    const { llama, binding } = await loadSamplingLlama(gpu);
    let model: LlamaModel;
    try {
      model = await llama.loadModel({ modelPath: info.path, gpuLayers: gpu === "cpu" ? 0 : gpuLayers, onLoadProgress, loadSignal: signal });
    } catch (error) {
      noteFailedModelLoad(); // see loadLlama.ts: node-llama-cpp keeps a failed load's hold on its Llama until GC
      if (signal?.aborted) throw error;
      throw new ModelLoadError(info.path, error instanceof Error ? error.message : String(error));
    }
    const kvUnified = binding === "tracetune" && (options.kvUnified ?? process.env.TRACETUNE_KV_UNIFIED !== "off");
    if (kvUnified) useUnifiedKvCache(model);
    let threadChoice: ThreadChoice = { threads, reason: "set", measurements: [] };
    // With layers on a GPU the CPU threads matter little: keep the physical cores.
    const isOnGpu = llama.gpu !== false && gpu !== "cpu" && model.gpuLayers > 0;
    if (isOnGpu) {
      if (threadsOption === "auto") threadChoice = { threads, reason: "gpu", measurements: [] };
    } else {
      // On the CPU the count is measured ("auto"), and on tracetune's binding the barrier spin with it, also for a
      // count the user set: full spin is the fastest on free cores and the slowest on busy ones (chooseThreads).
      const isAuto = threadsOption === "auto";
      threadChoice = await chooseThreads({
        model, candidates: isAuto ? [1, Math.max(1, Math.floor(threads / 2)), threads] : [threads], reason: isAuto ? "measured" : "set", signal,
        setSpin: binding === "tracetune" ? (spin) => setBarrierSpin(llama, spin) : undefined,
      }).catch(async (error) => {
        await model.dispose();
        throw error;
      });
    }
    return new LocalSamplingBackend(llama, model, info, { contextSize, parallelSequences, threads: threadChoice.threads, loraAdapters: loraAdapters.map(String) }, threadChoice, binding, kvUnified, options.spinRemeasureMs ?? SPIN_REMEASURE_MS);
  }

  get backend(): "cuda" | "vulkan" | "metal" | "cpu" {
    return this.llama.gpu === false ? "cpu" : this.llama.gpu;
  }

  tokenize(text: string): number[] {
    this.assertAlive();
    return this.model.tokenize(text);
  }

  /**
   * Compiles a GBNF grammar without sampling, so a caller can refuse a bad one before starting a job (the
   * models service does: a job that fails at once is a job a page may never see). Throws `invalid_input`
   * naming the field "grammar".
   */
  async checkGrammar(gbnf: string): Promise<void> {
    this.assertAlive();
    await this.createGrammar(gbnf);
  }

  /** Requests run one at a time: they share the context's sequences. */
  async sample(request: SampleRequest, options: SampleOptions = {}): Promise<SampleResult> {
    this.assertAlive();
    const resolved = validateSampleRequest(request);
    const run = this.queue.then(() => this.runSample(resolved, options));
    this.queue = run.catch(() => {});
    return run;
  }

  async dispose(): Promise<void> {
    if (this.isDisposed) return;
    this.isDisposed = true;
    await this.queue;
    await this.context?.dispose();
    this.context = null;
    await this.model.dispose();
  }

  private async runSample(request: ResolvedSampleRequest, { signal, onTokens, onTokenCount, onCompletionEnd }: SampleOptions): Promise<SampleResult> {
    const startedMs = performance.now();
    await this.refreshSpin(signal);
    const { tokens: promptTokens, stop } = this.promptTokens(request);
    const needed = promptTokens.length + request.maxTokens;
    if (needed > this.settings.contextSize) {
      throw new InvalidInputError(`The prompt (${promptTokens.length} tokens) plus maxTokens (${request.maxTokens}) exceeds the context size (${this.settings.contextSize}); lower "maxTokens" or load the model with a larger contextSize.`, { field: "maxTokens", promptTokens: promptTokens.length, contextSize: this.settings.contextSize });
    }
    const grammar = request.grammar === undefined ? undefined : await this.createGrammar(request.grammar);
    const parallel = Math.min(request.k, this.settings.parallelSequences);
    const hasWaves = request.k > parallel;
    const context = await this.ensureContext({ contextSize: Math.min(Math.ceil(needed / CONTEXT_STEP) * CONTEXT_STEP, this.settings.contextSize), sequences: parallel + (hasWaves ? 1 : 0) });
    const prefix = promptTokens.slice(0, -1);
    const lastToken = promptTokens[promptTokens.length - 1];
    const completions: SampleCompletion[] = [];
    const holder = hasWaves ? context.getSequence() : null;
    try {
      if (holder && prefix.length > 0) await holder.evaluateWithoutGeneratingNewTokens(prefix);
      for (let first = 0; first < request.k; first += parallel) {
        const indexes = Array.from({ length: Math.min(parallel, request.k - first) }, (_, j) => first + j);
        if (signal?.aborted) {
          completions.push(...indexes.map((index) => ({ index, seed: request.seed + index, text: "", finishReason: "cancelled" as const, tokens: 0 })));
          for (const index of indexes) onCompletionEnd?.(index, 0);
          continue;
        }
        completions.push(...(await this.runWave({ context, holder, prefix, lastToken, indexes, request, stop: [...request.stop, ...stop], grammar, signal, onTokens, onTokenCount, onCompletionEnd })));
      }
    } finally {
      await holder?.dispose();
    }
    const elapsedMs = performance.now() - startedMs;
    const generated = completions.reduce((sum, c) => sum + c.tokens, 0);
    return { completions, promptTokens: promptTokens.length, elapsedMs, tokensPerSecond: elapsedMs > 0 ? generated / (elapsedMs / 1000) : 0 };
  }

  /**
   * Sets this sampler's barrier spin (process-wide: another sampler in this process may have chosen differently
   * since; a no-op when not), measuring it again first when the measurement is older than `spinRemeasureMs` and the
   * spin matters (more than one thread).
   */
  private async refreshSpin(signal: AbortSignal | undefined): Promise<void> {
    const { spin, threads } = this.choice;
    if (!spin) return;
    if (threads > 1 && performance.now() - this.spinMeasuredAt > this.spinRemeasureMs) {
      const again = await chooseThreads({ model: this.model, candidates: [threads], reason: "set", signal, setSpin: (mode) => setBarrierSpin(this.llama, mode) });
      this.spinMeasuredAt = performance.now();
      if (again.spin) {
        const others = this.choice.measurements.filter((m) => m.threads !== threads || !m.spin);
        this.choice = { ...this.choice, spin: again.spin, measurements: [...others, ...again.measurements].sort((a, b) => a.threads - b.threads) };
      }
    }
    setBarrierSpin(this.llama, this.choice.spin!);
  }

  private async runWave(options: {
    context: LlamaContext; holder: LlamaContextSequence | null; prefix: Token[]; lastToken: Token; indexes: number[];
    request: ResolvedSampleRequest; stop: string[]; grammar: LlamaGrammar | undefined; signal?: AbortSignal; onTokens?: SampleOptions["onTokens"];
    onTokenCount?: SampleOptions["onTokenCount"]; onCompletionEnd?: SampleOptions["onCompletionEnd"];
  }): Promise<SampleCompletion[]> {
    const { context, holder, prefix, lastToken, indexes, request, stop, grammar, signal, onTokens, onTokenCount, onCompletionEnd } = options;
    const sequences = indexes.map(() => context.getSequence());
    try {
      const source = holder ?? sequences[0];
      if (!holder && prefix.length > 0) await source.evaluateWithoutGeneratingNewTokens(prefix);
      if (prefix.length > 0) {
        const ways = await copyPromptState({ source, targets: sequences.filter((s) => s !== source), prefix });
        for (const way of ways) this.promptShares[way] += 1;
      }
      return await Promise.all(sequences.map(async (sequence, j) => {
        const completion = await this.generate({ sequence, index: indexes[j], lastToken, request, stop, grammar, signal, onTokens, onTokenCount });
        onCompletionEnd?.(completion.index, completion.tokens);
        return completion;
      }));
    } finally {
      for (const sequence of sequences) await sequence.dispose();
    }
  }

  private async generate(options: {
    sequence: LlamaContextSequence; index: number; lastToken: Token; request: ResolvedSampleRequest; stop: string[];
    grammar: LlamaGrammar | undefined; signal?: AbortSignal; onTokens?: SampleOptions["onTokens"]; onTokenCount?: SampleOptions["onTokenCount"];
  }): Promise<SampleCompletion> {
    const { sequence, index, lastToken, request, stop, grammar, signal, onTokens, onTokenCount } = options;
    const seed = request.seed + index;
    const text = new CompletionText({ model: this.model, stop });
    let finishReason: SampleCompletion["finishReason"] = "eos";
    let tokens = 0;
    const emit = (isFinal: boolean) => {
      const piece = text.takeStreamable(isFinal);
      if (piece && onTokens) onTokens(index, piece);
    };
    if (signal?.aborted) return { index, seed, text: "", finishReason: "cancelled", tokens: 0 };
    const iterator = sequence.evaluate([lastToken], {
      temperature: request.temperature, topK: request.topK, topP: request.topP, seed,
      grammarEvaluationState: grammar ? new LlamaGrammarEvaluationState({ model: this.model, grammar }) : undefined,
    });
    for await (const token of iterator) {
      tokens += 1;
      onTokenCount?.(index, tokens);
      if (text.push(token)) {
        finishReason = "stop";
        break;
      }
      emit(false);
      if (signal?.aborted) {
        finishReason = "cancelled";
        break;
      }
      if (tokens >= request.maxTokens) {
        finishReason = "maxTokens";
        break;
      }
    }
    if (finishReason !== "stop" && text.flush()) finishReason = "stop";
    emit(true);
    return { index, seed, text: text.text, finishReason, tokens };
  }

  private promptTokens(request: ResolvedSampleRequest): { tokens: Token[]; stop: string[] } {
    if (request.messages) return renderChatPrompt({ model: this.model, messages: request.messages });
    const tokens = this.model.tokenize(request.prompt!, false);
    const bos = this.model.tokens.bos;
    if (bos !== null && this.model.tokens.shouldPrependBosToken && tokens[0] !== bos) tokens.unshift(bos);
    if (tokens.length === 0) throw new InvalidInputError('Field "prompt" tokenizes to nothing.', { field: "prompt" });
    return { tokens, stop: [] };
  }

  private async createGrammar(gbnf: string): Promise<LlamaGrammar> {
    try {
      return await this.llama.createGrammar({ grammar: gbnf });
    } catch (error) {
      throw new InvalidInputError(`Field "grammar" is not a valid GBNF grammar: ${error instanceof Error ? error.message : String(error)}.`, { field: "grammar" });
    }
  }

  private async ensureContext(need: { contextSize: number; sequences: number }): Promise<LlamaContext> {
    const current = this.context;
    if (current && current.contextSize >= need.contextSize && current.totalSequences >= need.sequences) return current;
    await current?.dispose();
    this.context = null;
    this.context = await this.model.createContext({
      contextSize: need.contextSize,
      sequences: need.sequences,
      threads: this.settings.threads,
      lora: this.settings.loraAdapters.length > 0 ? { adapters: this.settings.loraAdapters.map((filePath) => ({ filePath, scale: 1 })) } : undefined,
    });
    return this.context;
  }

  private assertAlive(): void {
    if (this.isDisposed) throw new TracetuneError("disposed", `The sampling backend for ${this.info.path} has been disposed.`);
  }
}

/**
 * The node-llama-cpp instance the sampler runs on. On the CPU (asked for, or no GPU backend works here) it is
 * tracetune's build of the binding when one is built (`npm run build:llama-binding`): the same addon plus an
 * in-memory sequence copy, so k samples share the prompt without state files (copyPromptState). Otherwise, and
 * if that binding fails to load, node-llama-cpp's prebuilt binaries (`loadLlama`).
 */
async function loadSamplingLlama(gpu: "auto" | "cpu"): Promise<{ llama: Llama; binding: "prebuilt" | "tracetune" }> {
  // The prebuilt binaries are loaded first only where a GPU could run the model: node-llama-cpp names the GPU types
  // whose libraries and drivers this machine has without loading a binding (~20 ms). A machine with none goes
  // straight to tracetune's build, instead of loading a second native llama into the process just to learn that.
  const mayUseGpu = gpu !== "cpu" && (await getLlamaGpuTypes("supported")).some((type) => type !== false);
  const prebuilt = mayUseGpu ? await loadLlama({ gpu }) : null;
  if (prebuilt && prebuilt.gpu !== false) return { llama: prebuilt, binding: "prebuilt" };
  const bindingPath = await locateLlamaBinding();
  if (bindingPath) {
    const llama = await loadBindingLlama(bindingPath).catch((error: unknown) => {
      process.emitWarning(`tracetune's llama binding at ${bindingPath} did not load (${error instanceof Error ? error.message : String(error)}); using node-llama-cpp's prebuilt one.`);
      return null;
    });
    if (llama) return { llama, binding: "tracetune" };
  }
  return { llama: prebuilt ?? (await loadLlama({ gpu })), binding: "prebuilt" };
}
