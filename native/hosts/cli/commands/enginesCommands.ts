import path from "node:path";
import type { Command } from "commander";
import type { LlamaBindingStatus, LlamaToolsStatus } from "../../../api/index.js";
import type { Core } from "../../../core/createCore.js";
import { awaitJobResult } from "../awaitJob.js";
import { printResult, runWithCore, type GlobalOptions } from "../runWithCore.js";

function describeTools(status: LlamaToolsStatus): string {
  const from = { setting: "your own build (Settings: engines.llamaCppDir)", env: "$TRACETUNE_LLAMA_CPP_DIR", cache: "the per-release cache dir" }[status.source];
  const lines = [
    `llama.cpp ${status.tag} tools: ${status.isReady ? "ready" : "not built"}`,
    `  dir      ${status.dir} (${from})`,
    ...Object.entries(status.binaries).map(([name, file]) => `  ${name.padEnd(20)} ${file ?? "missing"}`),
  ];
  if (status.version) lines.push(`  version  ${status.version}`);
  if (status.manifest) lines.push(`  built    ${status.manifest.builtAt} in ${status.manifest.buildSeconds} s`);
  if (status.warning) lines.push(`warning: ${status.warning}`);
  if (!status.isReady && status.source !== "setting") lines.push("Build them with `npm run build:llama-tools` (about 5 minutes on 2 cores).");
  return lines.join("\n");
}

function describeBinding(status: LlamaBindingStatus): string {
  const lines = [
    `node-llama-cpp ${status.nodeLlamaCppVersion} binding with in-memory prompt sharing (llama.cpp ${status.tag}): ${status.isReady ? "ready" : "not built"}`,
    `  dir      ${status.dir}`,
  ];
  if (status.binding) lines.push(`  binding  ${status.binding}`, `  built    ${status.builtAt} in ${status.buildSeconds} s`);
  else lines.push("The sampler shares prompts through state files until it is built: `npm run build:llama-binding` (about 15 minutes on 2 cores).");
  return lines.join("\n");
}

/** Where stderr is not a terminal (CI logs), one line per tenth of the build instead of a redrawn bar. */
function logBuildProgress(core: Core, kind = "engines.buildLlamaTools"): () => void {
  if (process.stderr.isTTY) return () => {};
  let lastTenth = -1;
  return core.subscribe((event) => {
    if (event.topic !== "job" || event.payload.kind !== kind || !event.payload.total) return;
    const tenth = Math.floor((event.payload.done / event.payload.total) * 10);
    if (tenth === lastTenth) return;
    lastTenth = tenth;
    process.stderr.write(`${event.payload.title}: ${event.payload.done}/${event.payload.total} build steps\n`);
  });
}

export function registerEnginesCommands(program: Command, globals: () => GlobalOptions): void {
  const engines = program.command("engines").description("llama.cpp's own tools (built offline from the bundled release) and serving engines");

  engines
    .command("tools")
    .description("where llama.cpp's tools are, whether they are built, and the version check of your own build")
    .action(async () => {
      await runWithCore(globals(), async (core) => {
        const status = await core.api.getLlamaTools();
        printResult(globals(), status, () => describeTools(status));
        return status.isReady ? 0 : 1;
      });
    });

  engines
    .command("build")
    .description("build llama-server, llama-batched-bench, llama-finetune and llama-quantize from node-llama-cpp's bundled llama.cpp, offline, once per release")
    .option("--force", "rebuild even when the tools are there")
    .action(async (options: { force?: boolean }) => {
      await runWithCore(globals(), async (core) => {
        const before = await core.api.getLlamaTools();
        if (!globals().json && !before.isReady && before.source !== "setting") process.stderr.write(`Building llama.cpp ${before.tag} tools into ${before.dir} (about 5 minutes on 2 cores)\n`);
        const stopLogging = logBuildProgress(core);
        try {
          const status = (await awaitJobResult(core, (await core.api.buildLlamaTools({ force: options.force === true })).jobId)) as LlamaToolsStatus;
          printResult(globals(), status, () => describeTools(status));
          return status.isReady ? 0 : 1;
        } finally {
          stopLogging();
        }
      });
    });

  engines
    .command("build-binding")
    .description("build node-llama-cpp's binding with an in-memory sequence copy (the sampler's prompt sharing) from its own sources and the bundled llama.cpp, offline, once per version")
    .option("--force", "rebuild even when it is there")
    .action(async (options: { force?: boolean }) => {
      await runWithCore(globals(), async (core) => {
        const before = await core.api.getLlamaBinding();
        if (!globals().json && (!before.isReady || options.force)) process.stderr.write(`Building node-llama-cpp's binding into ${before.dir} (about 15 minutes on 2 cores)\n`);
        const stopLogging = logBuildProgress(core, "engines.buildLlamaBinding");
        try {
          const status = (await awaitJobResult(core, (await core.api.buildLlamaBinding({ force: options.force === true })).jobId)) as LlamaBindingStatus;
          printResult(globals(), status, () => describeBinding(status));
          return status.isReady ? 0 : 1;
        } finally {
          stopLogging();
        }
      });
    });

  engines
    .command("use")
    .description("use your own llama.cpp build in DIR instead of tracetune's (version-checked), or --bundled to go back")
    .argument("[dir]", "a llama.cpp checkout, its build/ folder or its bin/ folder")
    .option("--bundled", "use tracetune's build from the bundled release again")
    .action(async (dir: string | undefined, options: { bundled?: boolean }, command: Command) => {
      if ((dir === undefined) === (options.bundled !== true)) command.error("error: give either a DIR or --bundled");
      await runWithCore(globals(), async (core) => {
        await core.api.updateSettings({ patch: { engines: { llamaCppDir: dir === undefined ? null : path.resolve(dir) } } });
        const status = await core.api.getLlamaTools();
        printResult(globals(), status, () => describeTools(status));
        return 0;
      });
    });
}
