import { TracetuneError } from "../common/TracetuneError.js";

/** A program the llama.cpp build needs is not installed; `missing` names each, with how to get it. */
export class BuildToolsMissingError extends TracetuneError {
  constructor(missing: Array<{ tool: string; hint: string }>, searched: string) {
    const list = missing.map((m) => `${m.tool} (${m.hint})`).join("; ");
    super("build_tools_missing", `Cannot build llama.cpp's tools: not found on PATH: ${list}. Searched: ${searched}.`, { missing: missing.map((m) => m.tool), searched });
  }
}

/** The build of llama.cpp's tools failed; the message carries the step and the last lines of its output. */
export class LlamaToolsBuildError extends TracetuneError {
  constructor(reason: string, details: Record<string, unknown> = {}) {
    super("llama_tools_build_failed", `Building llama.cpp's tools failed: ${reason}.`, details);
  }
}

/** A tool was asked for before it was built (or where the user's own build lacks it). */
export class LlamaToolsNotBuiltError extends TracetuneError {
  constructor(tool: string, dir: string) {
    super("llama_tools_not_built", `${tool} is not in ${dir}. Build llama.cpp's tools with \`npm run build:llama-tools\` (or \`tracetune engines build\`).`, { tool, dir });
  }
}

/** An engine URL that would leave this machine, and the user has not allowed its host. */
export class EngineHostNotAllowedError extends TracetuneError {
  constructor(url: string, host: string) {
    super(
      "engine_host_not_allowed",
      `Refused engine ${url}: ${host} is not on this machine, and tracetune reaches only loopback (127.0.0.1, ::1, localhost) unless ${host} is in the engines.allowedHosts setting. Run the engine on this machine, or add the host in Settings.`,
      { url, host },
    );
  }
}

/** The engine did not answer as an OpenAI-compatible server. */
export class EngineUnreachableError extends TracetuneError {
  constructor(url: string, reason: string) {
    super("engine_unreachable", `The engine at ${url} did not answer: ${reason}.`, { url, reason });
  }
}
