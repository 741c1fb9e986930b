import { useState } from "react";
import type { EgressReport, SandboxNetworkReport, UserSettings } from "../../../../native/api/index";
import { api } from "../../api/client";
import type { ApiError } from "../../api/transport";
import { useApi } from "../../api/useApi";
import { EngineSettings } from "./EngineSettings";
import { RuntimeSettings } from "./RuntimeSettings";

/** The sandbox's network on this platform, in words (the namespace is Linux-only; the socket guard is everywhere). */
function describeSandboxNetwork(sandbox: SandboxNetworkReport): string {
  if (sandbox.namespace === "isolated") return "None: its own network namespace; every socket refused";
  return `Every socket refused; no network namespace (${sandbox.reason})`;
}

/** Data dir, versions, offline status (with the egress self-test) and the user settings. */
export function SettingsPage() {
  const { data: view, error, reload } = useApi(() => api.getSettings());
  const [egress, setEgress] = useState<EgressReport | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);

  if (error) return <section><h1>Settings</h1><p role="alert" className="error">{error.message}</p></section>;
  if (!view) return <section><h1>Settings</h1><p>Loading…</p></section>;
  const offline = egress ?? view.offline;

  const saveTheme = async (theme: UserSettings["theme"]) => {
    try {
      await api.updateSettings({ patch: { theme } });
      document.documentElement.style.colorScheme = theme === "system" ? "light dark" : theme;
      setSaveError(null);
      reload();
    } catch (failure) {
      setSaveError((failure as ApiError).message);
    }
  };

  return (
    <section>
      <h1>Settings</h1>
      <h2>Storage</h2>
      <dl className="facts">
        <dt>Data dir</dt>
        <dd data-testid="data-dir">{view.dataDir}</dd>
        <dt>Chosen by</dt>
        <dd>{{ flag: "the --data-dir flag", env: "TRACETUNE_DATA_DIR", platform: "the platform default" }[view.dataDirSource]}</dd>
        <dt>Running as</dt>
        <dd data-testid="host">{{ electron: "Electron app", web: "local web host", cli: "command line" }[view.host]}</dd>
      </dl>
      <h2>Versions</h2>
      <dl className="facts" data-testid="versions">
        <dt>tracetune</dt><dd>{view.versions.tracetune}</dd>
        <dt>Node.js</dt><dd data-testid="version-node">{view.versions.node}</dd>
        <dt>Electron</dt><dd>{view.versions.electron ?? "not running in Electron"}</dd>
        <dt>node-llama-cpp</dt><dd data-testid="version-node-llama-cpp">{view.versions.nodeLlamaCpp ?? "not installed"}</dd>
        <dt>Pyodide</dt><dd data-testid="version-pyodide">{view.versions.pyodide ?? "not installed"}</dd>
      </dl>
      <h2>Offline</h2>
      <p>tracetune makes no network connection beyond this machine. The core refuses any other and counts every attempt.</p>
      <dl className="facts">
        <dt>Since</dt><dd>{new Date(offline.since).toLocaleString()}</dd>
        <dt>Loopback connections</dt><dd data-testid="egress-loopback">{offline.loopback}</dd>
        <dt>Non-loopback connections</dt><dd data-testid="egress-non-loopback" className={offline.nonLoopback === 0 ? "ok" : "error"}>{offline.nonLoopback}</dd>
        <dt>Python sandbox network</dt><dd data-testid="sandbox-network">{describeSandboxNetwork(offline.sandbox)}</dd>
        <dt>Sandbox sockets refused</dt><dd data-testid="sandbox-refused-sockets">{offline.sandbox.refusedSockets ?? "sandbox not running"}</dd>
      </dl>
      <button type="button" onClick={async () => setEgress(await api.getEgressReport())}>Run egress self-test</button>
      {egress && <p data-testid="egress-result" role="status">{egress.nonLoopback === 0 ? "Passed: 0 non-loopback connections this session." : `Failed: ${egress.nonLoopback} non-loopback connection attempt(s), all blocked.`}</p>}
      <h2>Appearance</h2>
      <label>
        Theme{" "}
        <select value={view.settings.theme} onChange={(event) => saveTheme(event.target.value as UserSettings["theme"])} data-testid="theme">
          <option value="system">System</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
      {saveError && <p role="alert" className="error">{saveError}</p>}
      <RuntimeSettings settings={view.settings} onSaved={reload} />
      <EngineSettings settings={view.settings} onSaved={reload} />
    </section>
  );
}
