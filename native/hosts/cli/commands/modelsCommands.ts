import { readFile } from "node:fs/promises";
import { Option, type Command } from "commander";
import type { ChatMessage, EngineInfo, LoadedModel, ModelInfo, SampleRequest, SampleResult, ScanResult } from "../../../api/index.js";
import { decodeUtf8 } from "../../../common/decodeUtf8.js";
import { InvalidInputError } from "../../../common/TracetuneError.js";
import { awaitJob } from "../awaitJob.js";
import { optionValue } from "../optionValues.js";
import type { Core } from "../../../core/createCore.js";
import { printResult, runWithCore, type GlobalOptions } from "../runWithCore.js";

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

function describeModel(info: ModelInfo): string {
  const parts = [
    `${info.fileName}  [${info.kind}${info.part ? ` ${info.part.index}/${info.part.count}` : ""}]`,
    `  path          ${info.path}`,
    `  architecture  ${info.architecture}${info.name ? ` (${info.name})` : ""}`,
    `  parameters    ${info.parameterCount.toLocaleString("en")}`,
    `  quantization  ${info.quantization ?? "unknown"}`,
    `  trained ctx   ${info.trainedContextLength ?? "unknown"}`,
    `  layers        ${info.layerCount}`,
    `  size          ${mib(info.sizeBytes)}`,
    `  chat template ${info.chatTemplate.source}${info.chatTemplate.wrapper ? ` (${info.chatTemplate.wrapper})` : ""}`,
  ];
  return parts.join("\n");
}

async function readTextFile(file: string, option: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new InvalidInputError(`Cannot read ${option} file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`, { field: option, file });
  }
  const text = decodeUtf8(bytes);
  if (text === null) throw new InvalidInputError(`The --${option} file ${file} is not valid UTF-8.`, { field: option, file });
  return text;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerModelsCommands(program: Command, globals: () => GlobalOptions): void {
  const models = program.command("models").description("find, inspect and load GGUF models");

  models
    .command("scan")
    .description("list every .gguf under DIR at any depth (broken files by name); adds nothing to the catalog")
    .argument("<dir>", "folder to scan")
    .action(async (dir: string) => {
      await runWithCore(globals(), async (core) => {
        const [result] = await core.api.scanModels({ folder: dir });
        printResult(globals(), result, () => describeScan(result));
      });
    });

  models
    .command("add")
    .description("watch DIR: scan it now and register its models in place")
    .argument("<dir>")
    .action(async (dir: string) => {
      await runWithCore(globals(), async (core) => {
        const result = await core.api.addModelFolder({ folder: dir });
        printResult(globals(), result, () => describeScan(result));
      });
    });

  models
    .command("list")
    .description("the catalog: models found in the watched folders")
    .action(async () => {
      await runWithCore(globals(), async (core) => {
        const entries = await core.api.listModels();
        printResult(globals(), entries, () => entries.map((e) => `${e.kind.padEnd(9)} ${e.architecture.padEnd(10)} ${(e.quantization ?? "?").padEnd(8)} ${e.path}`).join("\n") || "(no models; add a folder with `tracetune models add DIR`)");
      });
    });

  models
    .command("info")
    .description("read a GGUF file's header: architecture, parameters, quantisation, trained context, template, memory estimate")
    .argument("<file>")
    .option("--context-size <n>", "context size for the memory estimate", optionValue.integer({ min: 1 }), 4096)
    .option("--gpu-layers <n>", "GPU layers for the memory estimate", optionValue.integer({ min: 0 }), 0)
    .option("--sequences <n>", "parallel sequences for the memory estimate", optionValue.integer({ min: 1 }), 1)
    .action(async (file: string, options: { contextSize: number; gpuLayers: number; sequences: number }) => {
      await runWithCore(globals(), async (core) => {
        const info = await core.api.getModelInfo({ path: file });
        const estimate = info.kind === "model"
          ? await core.api.estimateModelMemory({ path: file, contextSize: options.contextSize, gpuLayers: options.gpuLayers, sequences: options.sequences })
          : null;
        printResult(globals(), { ...info, memoryEstimate: estimate }, () =>
          describeModel(info) + (estimate ? `\n  memory        ${mib(estimate.total.ram)} RAM, ${mib(estimate.total.vram)} VRAM (context ${estimate.contextSize}, ${estimate.gpuLayers} GPU layers, ${estimate.sequences} sequence(s)); KV cache ${mib(estimate.kvCachePerSequenceBytes)}/sequence` +
            estimate.warnings.map((warning) => `\n  warning       ${warning}`).join("") : ""),
        );
      });
    });

  models
    .command("gpu")
    .description("what GPU support node-llama-cpp finds here")
    .action(async () => {
      await runWithCore(globals(), async (core) => {
        const gpu = await core.api.getGpuInfo();
        printResult(globals(), gpu, () => `backend ${gpu.backend ?? "cpu"}; available: ${gpu.available.join(", ") || "none"}; devices: ${gpu.deviceNames.join(", ") || "none"}; physical cores ${gpu.physicalCores}`);
      });
    });

  program
    .command("sample")
    .description("draw k completions from a GGUF model (shared prompt, lockstep decoding) or from a serving engine")
    .option("--model <file>", "GGUF model file")
    .addOption(new Option("--engine <url>", "OpenAI-compatible engine base URL including /v1 (a bare host gets /v1); loopback unless allowed in Settings").conflicts("model"))
    .option("--engine-model <name>", "the model to ask the engine for (default: the first id from GET /v1/models)")
    .option("--prompt-file <file>", "raw prompt text (no template)")
    .option("--messages-file <file>", 'chat messages as JSON [{"role","content"}], rendered with the model\'s template')
    .option("--k <n>", "number of completions", optionValue.integer({ min: 1 }), 1)
    .option("--temperature <t>", "sampling temperature >= 0 (0 = greedy)", optionValue.number({ min: 0 }), 0.8)
    .option("--top-p <p>", "nucleus sampling, in (0, 1]", optionValue.number({ above: 0, max: 1 }), 0.95)
    .option("--top-k <n>", "top-k sampling (0 = off)", optionValue.integer({ min: 0 }), 40)
    .option("--seed <n>", "base seed; completion i uses seed + i (default: random)", optionValue.integer())
    .option("--max-tokens <n>", "tokens per completion", optionValue.integer({ min: 1 }), 256)
    .option("--stop <text>", "stop string (repeatable)", collect)
    .option("--grammar-file <file>", "GBNF grammar constraining the output")
    .option("--context-size <n>", "context size per sequence (local model)", optionValue.integer({ min: 1 }), 4096)
    .option("--parallel <n>", "sequences decoded together (local model)", optionValue.integer({ min: 1 }), 8)
    .option("--threads <n>", "evaluation threads (local model; default: chosen by measurement at load, 1 vs the physical cores)", optionValue.integer({ min: 1 }))
    .addOption(new Option("--gpu <mode>", "local model: auto or cpu").choices(["auto", "cpu"]).default("auto"))
    .option("--gpu-layers <n>", "layers to offload (local model; default: auto)", optionValue.integer({ min: 0 }))
    .option("--lora <file>", "LoRA adapter GGUF (repeatable; local model)", collect)
    .action(async (options: Record<string, string | number | string[] | undefined>, command: Command) => {
      const str = (name: string) => options[name] as string | undefined;
      const num = (name: string) => options[name] as number | undefined;
      if (str("model") === undefined && str("engine") === undefined) command.error("error: give --model FILE (a local GGUF) or --engine URL (a serving engine)");
      if (str("engineModel") !== undefined && str("engine") === undefined) command.error("error: --engine-model needs --engine URL");
      await runWithCore(globals(), async (core) => {
        if ((str("promptFile") === undefined) === (str("messagesFile") === undefined)) throw new InvalidInputError("Give exactly one of --prompt-file and --messages-file.", { field: "prompt-file" });
        const request: SampleRequest = {
          k: num("k")!,
          temperature: num("temperature"),
          topP: num("topP"),
          topK: num("topK"),
          seed: num("seed"),
          maxTokens: num("maxTokens"),
          stop: options.stop as string[] | undefined,
        };
        if (str("promptFile") !== undefined) request.prompt = await readTextFile(str("promptFile")!, "prompt-file");
        else request.messages = parseMessages(await readTextFile(str("messagesFile")!, "messages-file"), str("messagesFile")!);
        if (str("grammarFile") !== undefined) request.grammar = await readTextFile(str("grammarFile")!, "grammar-file");
        if (str("engine") !== undefined) return sampleFromEngine(core, { url: str("engine")!, model: str("engineModel") }, request, globals());

        const gpuLayers = num("gpuLayers");
        const load = await core.api.loadModel({
          path: str("model")!, gpu: str("gpu") as "auto" | "cpu", gpuLayers: gpuLayers === undefined ? "auto" : gpuLayers,
          contextSize: num("contextSize"), parallelSequences: num("parallel"),
          threads: num("threads"), loraAdapters: options.lora as string[] | undefined,
        });
        const loaded = (await awaitJob(core, load.jobId)).result as LoadedModel;
        for (const warning of loaded.warnings) process.stderr.write(`tracetune: warning: ${warning}\n`);
        const { state, result } = await awaitJob(core, (await core.api.sample({ request })).jobId);
        const sampled = result as SampleResult;
        const choice = loaded.threadChoice;
        // Each measured candidate: threads, and the barrier spin where one was measured with them (docs/engines.md).
        const measured = choice.measurements.map((m) => `${m.threads}${m.spin ? ` ${m.spin}` : ""}: ${m.msPerToken === null ? "too slow" : `${m.msPerToken.toFixed(1)} ms/token`}`).join(", ");
        const why = choice.reason === "measured" ? ` (measured: ${measured})` : choice.reason === "set" ? (measured ? ` (set; spin measured: ${measured})` : " (set)") : "";
        printResult(globals(), { model: loaded.path, backend: loaded.backend, threads: loaded.threads, threadChoice: choice, status: state.status, ...sampled }, () =>
          describeSamples(sampled, `${loaded.backend}, ${loaded.threads} threads${choice.spin ? `, ${choice.spin} spin` : ""}${why}`),
        );
        await core.api.unloadModel();
        return state.status === "cancelled" ? 130 : 0;
      });
    });
}

/** `sample --engine`: the same request and the same JSON shape, drawn from a serving engine (docs/engines.md). */
async function sampleFromEngine(core: Core, target: { url: string; model?: string }, request: SampleRequest, globals: GlobalOptions): Promise<number> {
  const engine: EngineInfo = await core.api.resolveEngine(target);
  const { state, result } = await awaitJob(core, (await core.api.sample({ request, engine: { url: engine.baseUrl, model: engine.model } })).jobId);
  const sampled = result as SampleResult;
  printResult(globals, { engine: engine.baseUrl, model: engine.model, backend: "engine", status: state.status, ...sampled }, () =>
    describeSamples(sampled, `engine ${engine.baseUrl}, model ${engine.model}`),
  );
  return state.status === "cancelled" ? 130 : 0;
}

function describeSamples(sampled: SampleResult, where: string): string {
  return [
    ...sampled.completions.map((c) => `--- completion ${c.index} (seed ${c.seed}, ${c.tokens} tokens, ${c.finishReason})\n${c.text}`),
    `--- ${sampled.completions.length} completion(s), prompt ${sampled.promptTokens} tokens, ${(sampled.elapsedMs / 1000).toFixed(2)} s, ${sampled.tokensPerSecond.toFixed(1)} tokens/s (${where})`,
  ].join("\n");
}

function parseMessages(text: string, file: string): ChatMessage[] {
  try {
    return JSON.parse(text) as ChatMessage[];
  } catch (error) {
    throw new InvalidInputError(`${file} is not valid JSON: ${(error as Error).message}.`, { field: "messages-file", file });
  }
}

function describeScan(result: ScanResult): string {
  const lines = [`${result.folder}: ${result.models.length} GGUF file(s), ${result.broken.length} broken${result.copying.length ? `, ${result.copying.length} still being copied` : ""}`];
  for (const m of result.models) lines.push(`  ${m.kind.padEnd(9)} ${m.architecture.padEnd(10)} ${(m.quantization ?? "?").padEnd(8)} ${m.path}`);
  for (const b of result.broken) lines.push(`  BROKEN    ${b.message}`);
  for (const c of result.copying) lines.push(`  COPYING   ${c.path} (${c.sizeBytes} bytes so far)`);
  return lines.join("\n");
}
