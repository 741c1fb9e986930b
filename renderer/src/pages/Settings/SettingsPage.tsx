import { useState } from "react";
import type { EgressReport, SandboxNetworkReport, UserSettings } from "../../../../native/api/index";
import { api } from "../../api/client";
import type { ApiError } from "../../api/transport";
import { useApi } from "../../api/useApi";
import { applyTheme } from "../../app/applyTheme";
import { navigate, routeHref } from "../../app/route";
import { Button, Facts, Notice, PageHeader, Panel, Select, Tabs } from "../../components/ui";
import { EngineSettings } from "./EngineSettings";
import { LongWorkSettings } from "./LongWorkSettings";
import { RuntimeSettings } from "./RuntimeSettings";
import "./settings.css";

/** The sandbox's network on this platform, in words (the namespace is Linux-only; the socket guard is everywhere). */
function describeSandboxNetwork(sandbox: SandboxNetworkReport): string {
  if (sandbox.namespace === "isolated") return "None: its own network namespace; every socket refused";
  return `Every socket refused; no network namespace (${sandbox.reason})`;
}

const sections = ["general", "sandbox", "engines"] as const;
type Section = (typeof sections)[number];

/** Data dir, versions, offline status (with the egress self-test) and the user settings, in tabs routed as `#/settings/<tab>`. */
export function SettingsPage({ section }: { section: string | null }) {
  const { data: view, error, reload } = useApi(() => api.getSettings());
  const [egress, setEgress] = useState<EgressReport | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const tab: Section = sections.includes(section as Section) ? (section as Section) : "general";

  const header = <PageHeader title="Settings" lead="Where tracetune keeps its data, what it runs, and the defaults you can change." />;
  if (error) return <>{header}<Notice tone="error">{error.message}</Notice></>;
  if (!view) return <>{header}<p>Loading…</p></>;
  const offline = egress ?? view.offline;

  const saveTheme = async (theme: UserSettings["theme"]) => {
    try {
      await api.updateSettings({ patch: { theme } });
      applyTheme(theme);
      setSaveError(null);
      reload();
    } catch (failure) {
      setSaveError((failure as ApiError).message);
    }
  };

  const general = (
    <div className="ui-stack">
      <Panel title="Appearance">
        <Select
          label="Theme"
          data-testid="theme"
          value={view.settings.theme}
          onChange={(theme) => void saveTheme(theme)}
          options={[{ value: "system", label: "System" }, { value: "light", label: "Light" }, { value: "dark", label: "Dark" }]}
        />
        {saveError && <Notice tone="error">{saveError}</Notice>}
      </Panel>
      <LongWorkSettings settings={view.settings} onSaved={reload} />
      <Panel title="Storage">
        <Facts
          items={[
            ["Data dir", view.dataDir, "data-dir"],
            ["Chosen by", { flag: "the --data-dir flag", env: "TRACETUNE_DATA_DIR", platform: "the platform default" }[view.dataDirSource]],
            ["Running as", { electron: "Electron app", web: "local web host", cli: "command line" }[view.host], "host"],
          ]}
        />
      </Panel>
      <Panel title="Versions">
        <Facts
          data-testid="versions"
          items={[
            ["tracetune", view.versions.tracetune],
            ["Node.js", view.versions.node, "version-node"],
            ["Electron", view.versions.electron ?? "not running in Electron"],
            ["node-llama-cpp", view.versions.nodeLlamaCpp ?? "not installed", "version-node-llama-cpp"],
            ["Pyodide", view.versions.pyodide ?? "not installed", "version-pyodide"],
          ]}
        />
      </Panel>
      <Panel title="Offline" actions={<Button onClick={async () => setEgress(await api.getEgressReport())}>Run egress self-test</Button>}>
        <p className="ui-muted">tracetune makes no network connection beyond this machine. The core refuses any other and counts every attempt.</p>
        <Facts
          items={[
            ["Since", new Date(offline.since).toLocaleString()],
            ["Loopback connections", offline.loopback, "egress-loopback"],
            ["Non-loopback connections", <span className={offline.nonLoopback === offline.allowed ? "ui-status-valid" : "ui-status-invalid"}>{offline.nonLoopback}</span>, "egress-non-loopback"],
            ["Allowed engine hosts", offline.allowList.length === 0 ? "none (Engines tab)" : `${offline.allowed} connection(s) to ${offline.allowList.map((endpoint) => `${endpoint.entry}${endpoint.error ? ` (does not resolve: ${endpoint.error})` : endpoint.addresses.length > 0 ? ` → ${endpoint.addresses.join(", ")}` : ""}`).join("; ")}`, "egress-allowed"],
            ["Python sandbox network", describeSandboxNetwork(offline.sandbox), "sandbox-network"],
            ["Sandbox sockets refused", offline.sandbox.refusedSockets ?? "sandbox not running", "sandbox-refused-sockets"],
          ]}
        />
        {egress && (
          <Notice tone={egress.nonLoopback === egress.allowed ? "success" : "error"} data-testid="egress-result">
            {egress.nonLoopback === 0 ? "Passed: 0 non-loopback connections this session." : egress.nonLoopback === egress.allowed ? `Passed: ${egress.allowed} connection(s), all to the engine hosts you allowed; nothing else.` : `Failed: ${egress.nonLoopback - egress.allowed} non-loopback connection attempt(s) outside the allowed hosts, all blocked.`}
          </Notice>
        )}
      </Panel>
    </div>
  );

  return (
    <>
      {header}
      <Tabs
        label="Settings sections"
        value={tab}
        onValueChange={(id) => navigate(routeHref("settings", id), { replace: true })}
        tabs={[
          { id: "general", title: "General", content: general },
          { id: "sandbox", title: "Python and traces", content: <div className="ui-stack"><RuntimeSettings settings={view.settings} onSaved={reload} /></div> },
          { id: "engines", title: "Engines", content: <div className="ui-stack"><EngineSettings settings={view.settings} onSaved={reload} /></div> },
        ]}
      />
    </>
  );
}
