import type { PythonApi, PythonStatus } from "../api/pythonApi.js";
import { InvalidInputError } from "../common/TracetuneError.js";
import type { CoreContext } from "../core/CoreContext.js";
import { checkProgramField } from "../storage/inputLimits.js";

/**
 * The Python feature of the core. The sandbox pool starts on the first call that needs it (so commands and
 * windows that never run Python never pay for it) and is disposed with the core.
 */
export function createPythonService(context: CoreContext): PythonApi {
  const getRuntime = () => context.python.get();
  // A program over the input limit is refused before it reaches the sandbox (Settings → input.maxProgramBytes).
  const checkSize = (args: { program?: unknown } | undefined, field = "program") => checkProgramField(args?.program, field, context.inputLimits());

  return {
    async pythonExec(args) {
      checkSize(args);
      return (await getRuntime()).exec(args);
    },
    async pythonRun(args) {
      checkSize(args);
      return (await getRuntime()).run(args);
    },
    async pythonTrace(args) {
      checkSize(args);
      return (await getRuntime()).trace(args);
    },
    async pythonVerifyBatch({ requests, title }) {
      if (!Array.isArray(requests)) throw new InvalidInputError("requests must be an array of {program, tests}.", { field: "requests" });
      requests.forEach((request, index) => checkSize(request, `requests[${index}].program`));
      const job = context.jobs.start({ kind: "python.verifyBatch", title: title ?? `Verify ${requests.length} program(s)`, total: requests.length }, async (job) => {
        const python = await getRuntime();
        return python.verifyMany(requests, { signal: job.signal, onProgress: (done, total) => job.progress(done, total) });
      });
      return { jobId: job.id };
    },
    async pythonStatus(): Promise<PythonStatus> {
      const started = await context.python.peek();
      if (!started) return { isStarted: false, rssBytes: null, serving: 0, spares: 0, replaced: 0 };
      const stats = await started.stats();
      return { isStarted: true, rssBytes: stats.rssBytes, serving: stats.serving, spares: stats.spares, replaced: stats.replaced };
    },
  };
}
