import { useState } from "react";
import type { UserSettings } from "../../../../native/api/index";
import { api } from "../../api/client";
import type { ApiError } from "../../api/transport";
import { useApi } from "../../api/useApi";
import { useJobs } from "../../api/useJobs";

/**
 * llama.cpp's own tools (built offline from the bundled release, or the user's own build, version-checked)
 * and the non-loopback hosts a serving engine may use (docs/engines.md).
 */
export function EngineSettings({ settings, onSaved }: { settings: UserSettings; onSaved: () => void }) {
  const tools = useApi(() => api.getLlamaTools());
  const jobs = useJobs();
  const [buildJobId, setBuildJobId] = useState<string | null>(null);
  const [ownDir, setOwnDir] = useState(settings.engines.llamaCppDir ?? "");
  const [hosts, setHosts] = useState(settings.engines.allowedHosts.join("\n"));
  const [error, setError] = useState<string | null>(null);
  const job = buildJobId ? jobs.get(buildJobId) : undefined;
  const isBuilding = job?.status === "running" || (buildJobId !== null && !job);

  const run = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setError(null);
    } catch (failure) {
      setError((failure as ApiError).message);
    }
  };
  const build = () => run(async () => {
    const { jobId } = await api.buildLlamaTools();
    setBuildJobId(jobId);
    const watch = setInterval(async () => {
      const state = await api.getJob({ id: jobId });
      if (state.status === "running") return;
      clearInterval(watch);
      if (state.status === "failed") setError(state.error?.message ?? "The build failed.");
      setBuildJobId(null);
      tools.reload();
    }, 500);
  });
  const saveEngines = (patch: Partial<UserSettings["engines"]>) => run(async () => {
    await api.updateSettings({ patch: { engines: patch } });
    onSaved();
    tools.reload();
  });

  const status = tools.data;
  return (
    <>
      <h2>Engines</h2>
      <p>llama.cpp&apos;s own tools (llama-server, llama-batched-bench, llama-finetune), built once per machine from the release node-llama-cpp bundles, without a download.</p>
      {tools.error && <p role="alert" className="error">{tools.error.message}</p>}
      {status && (
        <dl className="facts" data-testid="llama-tools">
          <dt>Release</dt><dd>{status.tag}</dd>
          <dt>Tools</dt><dd data-testid="llama-tools-status">{status.isReady ? "Ready" : "Not built"}</dd>
          <dt>Folder</dt><dd>{status.dir} ({{ setting: "your own build", env: "TRACETUNE_LLAMA_CPP_DIR", cache: "cache" }[status.source]})</dd>
          <dt>Version</dt><dd>{status.version ?? "—"}</dd>
          {status.manifest && <><dt>Built</dt><dd>{new Date(status.manifest.builtAt).toLocaleString()} in {Math.round(status.manifest.buildSeconds)} s</dd></>}
        </dl>
      )}
      {status?.warning && <p role="alert" className="error" data-testid="llama-tools-warning">{status.warning}</p>}
      {status?.source !== "setting" && (
        <p>
          <button type="button" onClick={build} disabled={isBuilding || status?.isReady === true}>
            {status?.isReady ? "Built" : "Build llama.cpp tools (about 5 min on 2 cores)"}
          </button>{" "}
          {isBuilding && <progress data-testid="llama-tools-progress" value={job?.done ?? 0} max={job?.total ?? undefined} />}
        </p>
      )}
      <p>
        <label>
          Your own llama.cpp build (a checkout, its build/ or its bin/ folder; empty: tracetune&apos;s build){" "}
          <input aria-label="Own llama.cpp build" value={ownDir} onChange={(event) => setOwnDir(event.target.value)} size={40} />
        </label>{" "}
        <button type="button" onClick={() => saveEngines({ llamaCppDir: ownDir.trim() === "" ? null : ownDir.trim() })}>Use</button>
      </p>
      <p>
        <label>
          Engine hosts allowed beyond this machine (one per line: host or host:port; loopback is always allowed)
          <br />
          <textarea aria-label="Allowed engine hosts" rows={2} cols={40} value={hosts} onChange={(event) => setHosts(event.target.value)} />
        </label>
        <br />
        <button type="button" onClick={() => saveEngines({ allowedHosts: hosts.split("\n").map((line) => line.trim()).filter(Boolean) })}>Save hosts</button>
      </p>
      {error && <p role="alert" className="error">{error}</p>}
    </>
  );
}
