import type { SettingsPatch, TraceRenderSettings, UserSettings } from "../../../../native/api/index";
import { api } from "../../api/client";
import { useApi } from "../../api/useApi";
import { Panel } from "../../components/ui";
import { NumberSetting } from "./NumberSetting";

type Limits = UserSettings["python"]["limits"];
type Caps = UserSettings["python"]["caps"];

const limitFields: Array<[keyof Limits, string, string]> = [
  ["timeoutMs", "Wall time (ms)", "per run; interrupt first, then the worker is replaced"],
  ["interruptGraceMs", "Interrupt grace (ms)", "how long an ignored interrupt is waited out"],
  ["memoryMb", "Memory (MiB)", "WebAssembly memory cap: the program gets MemoryError"],
  ["maxOutputBytes", "Output (bytes)", "stdout + stderr kept; past it: output_limit"],
  ["recursionLimit", "Recursion limit", "Python's sys.setrecursionlimit for the program"],
];
const capFields: Array<[keyof Caps, string, string]> = [
  ["maxSteps", "Max steps", "a trace stops here with reason step_cap"],
  ["maxReprLength", "Repr length", "characters kept of each variable's repr"],
  ["maxStatesPerLine", "States per line", "later executions of a line are not stored"],
  ["maxTraceBytes", "Trace size (bytes)", "a trace stops here with reason trace_size"],
];
const renderFields: Array<[keyof TraceRenderSettings, string, string]> = [
  ["firstStates", "First states", "shown for a line executed many times"],
  ["lastStates", "Last states", "shown after the elision marker"],
  ["reprCut", "Repr cut", "characters of a value shown in a comment"],
  ["budget", "Token budget", "of the whole rendering (program + trace)"],
];

const toNumber = (text: string) => (/^\s*-?\d+\s*$/.test(text) ? Number(text) : text);

/** The Python sandbox's limits and caps and the trace renderer's settings: our documented defaults, editable. */
export function RuntimeSettings({ settings, onSaved }: { settings: UserSettings; onSaved: () => void }) {
  const trace = useApi(() => api.getTraceSettings());
  const savePython = (patch: SettingsPatch["python"]) => api.updateSettings({ patch: { python: patch } }).then(onSaved);
  return (
    <>
      <Panel title="Python sandbox">
        <p className="ui-muted">Defaults for every run that does not set its own (docs/python-sandbox.md). A value is saved when you leave the field or press Enter.</p>
        <div className="settings-grid">
          <NumberSetting label="Interpreters" hint='"auto" or 1-16; applies when the sandbox next starts' value={settings.python.poolSize} testId="python-poolSize" onSave={(text) => savePython({ poolSize: text.trim() === "auto" ? "auto" : (toNumber(text) as number) })} />
          {limitFields.map(([field, label, hint]) => (
            <NumberSetting key={field} label={label} hint={hint} value={settings.python.limits[field]} testId={`python-limits-${field}`} onSave={(text) => savePython({ limits: { [field]: toNumber(text) } })} />
          ))}
          {capFields.map(([field, label, hint]) => (
            <NumberSetting key={field} label={label} hint={hint} value={settings.python.caps[field]} testId={`python-caps-${field}`} onSave={(text) => savePython({ caps: { [field]: toNumber(text) } })} />
          ))}
        </div>
      </Panel>
      <Panel title="Trace rendering">
        <p className="ui-muted">How a trace is shown to the model as inline comments (docs/trace-format.md: our choices, not the paper&apos;s).</p>
        {trace.data && (
          <div className="settings-grid">
            {renderFields.map(([field, label, hint]) => (
              <NumberSetting key={field} label={label} hint={hint} value={trace.data![field]} testId={`trace-${field}`} onSave={(text) => api.updateTraceSettings({ patch: { [field]: toNumber(text) } }).then(trace.reload)} />
            ))}
          </div>
        )}
      </Panel>
    </>
  );
}
