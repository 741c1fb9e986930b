import { useState } from "react";
import type { UserSettings } from "../../../../native/api/index";
import { api } from "../../api/client";
import type { ApiError } from "../../api/transport";
import { useApi } from "../../api/useApi";
import { jobStore } from "../../api/useJobs";
import { JobProgress } from "../../components/JobProgress/JobProgress";
import { PathField } from "../../components/PathField/PathField";
import { Button, Facts, Notice, Panel, TextArea } from "../../components/ui";

/**
 * llama.cpp's own tools (built offline from the bundled release, or the user's own build, version-checked)
 * and the non-loopback hosts a serving engine may use (docs/engines.md).
 */
export function EngineSettings({ settings, onSaved }: { settings: UserSettings; onSaved: () => void }) {
  const tools = useApi(() => api.getLlamaTools());
  const [buildJobId, setBuildJobId] = useState<string | null>(null);
  const [isBuilding, setIsBuilding] = useState(false);
  const [ownDir, setOwnDir] = useState(settings.engines.llamaCppDir ?? "");
  const [hosts, setHosts] = useState(settings.engines.allowedHosts.join("\n"));
  const [error, setError] = useState<string | null>(null);

  const run = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setError(null);
    } catch (failure) {
      setError((failure as ApiError).message);
    }
  };
  const build = () => run(async () => {
    setIsBuilding(true);
    try {
      const job = await jobStore.runJob(() => api.buildLlamaTools(), setBuildJobId);
      if (job.status === "failed") setError(job.error?.message ?? "The build failed.");
      tools.reload();
    } finally {
      setIsBuilding(false);
    }
  });
  const saveEngines = (patch: Partial<UserSettings["engines"]>) => run(async () => {
    await api.updateSettings({ patch: { engines: patch } });
    onSaved();
    tools.reload();
  });

  const status = tools.data;
  return (
    <>
      <Panel title="Engines">
        <p className="ui-muted">llama.cpp&apos;s own tools (llama-server, llama-batched-bench, llama-finetune), built once per machine from the release node-llama-cpp bundles, without a download.</p>
        {tools.error && <Notice tone="error">{tools.error.message}</Notice>}
        {status && (
          <Facts
            data-testid="llama-tools"
            items={[
              ["Release", status.tag],
              ["Tools", status.isReady ? "Ready" : "Not built", "llama-tools-status"],
              ["Folder", `${status.dir} (${{ setting: "your own build", env: "TRACETUNE_LLAMA_CPP_DIR", cache: "cache" }[status.source]})`],
              ["Version", status.version ?? "—"],
              ...(status.manifest ? [["Built", `${new Date(status.manifest.builtAt).toLocaleString()} in ${Math.round(status.manifest.buildSeconds)} s`] as [string, string]] : []),
            ]}
          />
        )}
        {status?.warning && <Notice tone="warning" data-testid="llama-tools-warning">{status.warning}</Notice>}
        {status?.source !== "setting" && (
          <div className="ui-row settings-actions">
            <Button variant="primary" onClick={build} disabled={isBuilding || status?.isReady === true}>
              {status?.isReady ? "Built" : "Build llama.cpp tools (about 5 min on 2 cores)"}
            </Button>
            <JobProgress jobId={buildJobId} label="Building llama.cpp tools" testId="llama-tools-progress" />
          </div>
        )}
      </Panel>
      <Panel title="Your own llama.cpp">
        <div className="ui-row ui-row-fields">
          <PathField label="Own llama.cpp build" hint="a checkout, its build/ or its bin/ folder; empty: tracetune's build" kind="folder" value={ownDir} onChange={setOwnDir} />
          <Button onClick={() => saveEngines({ llamaCppDir: ownDir.trim() === "" ? null : ownDir.trim() })}>Use</Button>
        </div>
      </Panel>
      <Panel title="Engine hosts">
        <TextArea label="Allowed engine hosts" hint="beyond this machine, one per line: host or host:port; loopback is always allowed" isCode rows={2} value={hosts} onChange={(event) => setHosts(event.target.value)} />
        <div className="ui-row settings-actions">
          <Button onClick={() => saveEngines({ allowedHosts: hosts.split("\n").map((line) => line.trim()).filter(Boolean) })}>Save hosts</Button>
        </div>
      </Panel>
      {error && <Notice tone="error">{error}</Notice>}
    </>
  );
}
