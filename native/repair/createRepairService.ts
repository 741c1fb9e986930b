import path from "node:path";
import type { EngineInfo, EngineTarget } from "../api/enginesApi.js";
import type { RepairApi, RepairModelIdentity, RepairRequest, RepairResult, RepairSample, RepairSettings, RepairTarget } from "../api/repairApi.js";
import type { TaskView } from "../api/taskTypes.js";
import { InvalidInputError } from "../common/TracetuneError.js";
import type { CoreContext } from "../core/CoreContext.js";
import { NoModelLoadedError } from "../models/NoModelLoadedError.js";
import type { LocalSamplingBackend } from "../sampling/LocalSamplingBackend.js";
import type { SamplingBackend } from "../sampling/SamplingBackend.js";
import { openJsonStore } from "../storage/openJsonStore.js";
import type { TraceRenderSettings } from "../trace/common/types.js";
import { buildRepairPrompt, findFirstFailingCall } from "./buildRepairPrompt.js";
import { loadExemplars } from "./exemplars.js";
import { judgeCompletion, type CheckClaims } from "./judgeCompletion.js";
import { engineContextSize, identifyEngine, identifyLocalModel } from "./modelIdentity.js";
import { loadPromptTemplate } from "./promptTemplate.js";
import { estimatePromptTokenizer, modelPromptTokenizer } from "./PromptTokenizer.js";
import { repairCaseFromProgram, repairCaseFromTask, type RepairCase } from "./RepairCase.js";
import { defaultRepairSettings, validateRepairSettings } from "./repairSettings.js";
import { judgeInOrder } from "./judgeInOrder.js";
import { JUDGE_WINDOW, runRepair } from "./runRepair.js";

/** Token deltas of a running repair job are pushed at most this often, batched per completion. */
const TOKEN_EVENT_INTERVAL_MS = 100;
/** Context assumed for an engine that does not report one, and for `repairPrompt` with no model loaded. */
const DEFAULT_CONTEXT_SIZE = 4096;

/**
 * The repair feature (issue 12): repair jobs on the loaded model or a serving engine, judging completions
 * made elsewhere, the prompt preview, and the repair settings (`repair-settings.json` in the data dir).
 */
export async function createRepairService(context: CoreContext, deps: {
  getTask: (id: string) => Promise<TaskView>;
  /** The loaded model's backend, or null. */
  loadedModel: () => LocalSamplingBackend | null;
  /** Opens a sampling backend on a serving engine (checks the URL and allowed hosts). */
  openEngine: (target: EngineTarget) => Promise<{ backend: SamplingBackend; engine: EngineInfo }>;
  /** The stored trace render settings (states per line, repr cut). */
  traceSettings: () => Promise<TraceRenderSettings>;
  /** The claim checker. Default: checkClaims (native/repair/claims). */
  checkClaims?: CheckClaims;
}): Promise<RepairApi> {
  const store = await openJsonStore<RepairSettings>({
    file: path.join(context.dataDir, "repair-settings.json"),
    defaults: defaultRepairSettings,
    validate: (data) => {
      try {
        validateRepairSettings(data);
        return null;
      } catch (error) {
        return (error as Error).message;
      }
    },
  });

  const resolveCase = async (args: RepairTarget | undefined): Promise<RepairCase> => {
    if (!args || typeof args !== "object") throw new InvalidInputError("Give a task id or a program with its tests.", { field: "task" });
    if ((args.task === undefined) === (args.program === undefined)) throw new InvalidInputError('Give exactly one of "task" and "program".', { field: "task" });
    if (args.task !== undefined) {
      if (typeof args.task !== "string" || args.task === "") throw new InvalidInputError('Field "task" must be a task id.', { field: "task" });
      const repairCase = repairCaseFromTask(await deps.getTask(args.task));
      return args.description !== undefined ? { ...repairCase, description: args.description } : repairCase;
    }
    return repairCaseFromProgram({ program: args.program!, tests: args.tests!, entryPoint: args.entryPoint, description: args.description });
  };
  const settingsFor = (args: RepairRequest) => validateRepairSettings({
    ...store.data,
    ...Object.fromEntries((["templateId", "traceFormat", "fewShot", "k", "temperature", "maxTokens"] as const).filter((key) => args[key] !== undefined).map((key) => [key, args[key]])),
  });
  const localIdentity = (backend: LocalSamplingBackend) => identifyLocalModel({
    path: backend.info.path, contextSize: backend.settings.contextSize, loraAdapters: backend.settings.loraAdapters, dataDir: context.dataDir,
  });

  return {
    async repairStart(args) {
      const repairCase = await resolveCase(args);
      const settings = settingsFor(args);
      loadPromptTemplate(settings.templateId); // an unknown template fails the call itself
      if (args.seed !== undefined && !Number.isInteger(args.seed)) throw new InvalidInputError('Field "seed" must be an integer.', { field: "seed" });
      if (!args.engine && !deps.loadedModel()) throw new NoModelLoadedError();
      // An engine is checked (URL, allowed host, model) before the job starts, so a bad one fails the call itself.
      const engine = args.engine ? await deps.openEngine(args.engine) : null;
      // The loaded model is a shared resource: the job waits its turn behind a load or a round using it, and takes
      // the model that is loaded when its turn comes.
      const needs = engine ? [] : ["model"];
      const { id } = context.jobs.start({ kind: "repair", title: `Repairing ${repairCase.taskId ?? repairCase.entryPoint ?? "a program"} (k=${settings.k})`, total: settings.k, needs }, async (job) => {
        try {
          const local = engine ? null : deps.loadedModel();
          if (!engine && !local) throw new NoModelLoadedError();
          const backend: SamplingBackend = engine ? engine.backend : local!;
          const model: RepairModelIdentity = engine ? await identifyEngine({ url: engine.engine.baseUrl, model: engine.engine.model }) : await localIdentity(local!);
          const contextSize = engine ? engineContextSize(model) ?? DEFAULT_CONTEXT_SIZE : local!.settings.contextSize;
          const result: RepairResult = { samples: [], prompt: null, taskId: repairCase.taskId, entryPoint: repairCase.entryPoint ?? "", model };
          let pending: Record<number, string> = {};
          let lastPush = 0;
          const pushTokens = (force: boolean) => {
            const now = Date.now();
            if (!force && now - lastPush < TOKEN_EVENT_INTERVAL_MS) return;
            const deltas = Object.entries(pending).map(([index, text]) => ({ index: Number(index), text }));
            if (deltas.length === 0) return;
            pending = {};
            lastPush = now;
            context.emit("repair", { jobId: id, kind: "tokens", deltas });
          };
          const samples = runRepair({
            repairCase, backend, model, contextSize, runtime: await context.python.get(), traceSettings: await deps.traceSettings(),
            tokenizer: engine ? estimatePromptTokenizer : modelPromptTokenizer(local!),
            templateId: settings.templateId, traceFormat: settings.traceFormat, fewShot: settings.fewShot, k: settings.k, temperature: settings.temperature,
            maxTokens: settings.maxTokens, hint: args.hint, seed: args.seed, grammar: args.grammar, limits: args.limits, checkClaims: deps.checkClaims, signal: job.signal,
            onPrompt: (prompt) => {
              result.prompt = prompt;
              context.emit("repair", { jobId: id, kind: "prompt", prompt });
            },
            onTokens: (index, text) => {
              pending[index] = (pending[index] ?? "") + text;
              pushTokens(false);
            },
          });
          for await (const { prompt: _messages, ...sample } of samples) {
            pushTokens(true);
            result.samples.push(sample);
            context.emit("repair", { jobId: id, kind: "sample", sample });
            job.progress(result.samples.length, settings.k);
          }
          return result;
        } finally {
          // An engine's backend lives for one job; the loaded model stays loaded.
          if (engine) await engine.backend.dispose();
        }
      });
      return { jobId: id };
    },

    async repairJudgeCompletions(args) {
      const repairCase = await resolveCase(args);
      const completions = args.completions;
      if (!Array.isArray(completions)) throw new InvalidInputError('Field "completions" must be a list of {text} objects.', { field: "completions" });
      completions.forEach((completion, index) => {
        if (!completion || typeof completion.text !== "string") throw new InvalidInputError(`completions[${index}] has no "text" string.`, { field: `completions[${index}].text` });
      });
      const model: RepairModelIdentity = { kind: "completions", source: typeof args.source === "string" ? args.source : null };
      const { id } = context.jobs.start({ kind: "repair.judge", title: `Judging ${completions.length} completion(s)`, total: completions.length }, async (job) => {
        const runtime = await context.python.get();
        // Claims are checked against the trace of the first failing test, as a repair job's prompt shows it;
        // a program that passes its tests (or whose failure no single call shows) has no such trace.
        const failing = await findFirstFailingCall({ runtime, repairCase, where: "The program", signal: job.signal }).catch(() => null);
        const shared = { templateId: null, templateHash: null, traceFormat: null, model, promptTokens: null, promptMsShare: 0, decodeMsShare: 0 };
        const samples: RepairSample[] = [];
        const judged = judgeInOrder({
          items: [...completions.entries()], window: JUDGE_WINDOW, signal: job.signal,
          judge: ([index, completion]) => judgeCompletion({
            repairCase, index, runtime, shared, failing, checkClaims: deps.checkClaims, limits: args.limits, signal: job.signal,
            completion: { text: completion.text, finishReason: typeof completion.finishReason === "string" ? completion.finishReason : null },
          }),
        });
        for await (const sample of judged) {
          samples.push(sample);
          context.emit("repair", { jobId: id, kind: "sample", sample });
          job.progress(samples.length, completions.length);
        }
        const result: RepairResult = { samples, prompt: null, taskId: repairCase.taskId, entryPoint: repairCase.entryPoint ?? "", model };
        return result;
      });
      return { jobId: id };
    },

    async repairPrompt(args) {
      const repairCase = await resolveCase(args);
      const settings = settingsFor(args);
      const local = args.engine ? null : deps.loadedModel();
      let contextSize = args.contextSize ?? local?.settings.contextSize ?? DEFAULT_CONTEXT_SIZE;
      if (args.engine && args.contextSize === undefined) {
        const { backend, engine } = await deps.openEngine(args.engine);
        await backend.dispose();
        contextSize = engineContextSize(await identifyEngine({ url: engine.baseUrl, model: engine.model })) ?? DEFAULT_CONTEXT_SIZE;
      }
      if (!Number.isInteger(contextSize) || contextSize < 16) throw new InvalidInputError('Field "contextSize" must be an integer of at least 16.', { field: "contextSize" });
      const { prompt } = await buildRepairPrompt({
        repairCase, template: loadPromptTemplate(settings.templateId), traceFormat: settings.traceFormat, exemplars: loadExemplars().slice(0, settings.fewShot),
        runtime: await context.python.get(), traceSettings: await deps.traceSettings(), tokenizer: local ? modelPromptTokenizer(local) : estimatePromptTokenizer,
        contextSize, maxTokens: settings.maxTokens, hint: args.hint,
      });
      return prompt;
    },

    getRepairSettings: async () => ({ ...store.data }),

    async updateRepairSettings(args) {
      const next = validateRepairSettings({ ...store.data, ...(args?.patch ?? {}) });
      await store.update((doc) => Object.assign(doc, next));
      return { ...store.data };
    },
  };
}
