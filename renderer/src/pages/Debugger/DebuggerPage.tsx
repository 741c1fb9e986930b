import { useEffect, useState } from "react";
import type { ExecRequest, ExecResult, Trace } from "../../../../native/api/index";
import { api } from "../../api/client";
import { navigate, routeHref } from "../../app/route";
import { CodeView } from "../../components/CodeView/CodeView";
import { Button, EmptyState, Notice, PageHeader, Panel, Table, TextField } from "../../components/ui";
import { AskModelPanel, type RepairCase } from "./AskModelPanel";
import { PromptPanel, type PromptChoices } from "./PromptPanel";
import { TraceView } from "./TraceView";
import "./debugger.css";

interface LoadedCase {
  taskId: string | null;
  request: ExecRequest;
  description: string;
}

/** A failed test in words: the value it got, or its error; a run stopped by the time limit is not the program's KeyboardInterrupt. */
function describeFailure(test: ExecResult["tests"][number], verdict: ExecResult["verdict"]) {
  if (verdict === "timeout" && (!test.error || test.error.type === "KeyboardInterrupt")) return "did not finish within the time limit";
  if (test.actual) return <>failed: got <code>{test.actual}</code></>;
  if (test.error) return `failed: ${test.error.type}${test.error.message ? `: ${test.error.message}` : ""}`;
  return "failed";
}

const emptyCase: LoadedCase = { taskId: null, request: { program: "", tests: "" }, description: "" };

/**
 * The Debugger: a failing function and its tests (pasted, or a stored task: `#/debugger/<task id>`); run it
 * for the verdict per test; step through the trace of the failing test's call; see the prompt the model gets;
 * ask the model for rationales and fixes, each verified in the sandbox.
 */
export function DebuggerPage({ taskId }: { taskId: string | null }) {
  const [loadedCase, setLoadedCase] = useState<LoadedCase>(emptyCase);
  const [program, setProgram] = useState("");
  const [tests, setTests] = useState("");
  const [entryPoint, setEntryPoint] = useState("");
  const [loadError, setLoadError] = useState<string | null>(null);
  const [taskField, setTaskField] = useState(taskId ?? "");
  const [run, setRun] = useState<ExecResult | null>(null);
  const [runError, setRunError] = useState<string | null>(null);
  const [isRunning, setIsRunning] = useState(false);
  const [call, setCall] = useState("");
  const [trace, setTrace] = useState<{ program: string; trace: Trace } | null>(null);
  const [traceError, setTraceError] = useState<string | null>(null);
  const [choices, setChoices] = useState<PromptChoices>({ traceFormat: "next", fewShot: "1", maxTokens: "512" });
  // Start from the stored repair settings (Settings → Repair).
  useEffect(() => {
    api.getRepairSettings().then((stored) => setChoices({ traceFormat: stored.traceFormat, fewShot: String(Math.min(3, stored.fewShot)) as PromptChoices["fewShot"], maxTokens: String(stored.maxTokens) }), () => {});
  }, []);

  useEffect(() => {
    setRun(null);
    setTrace(null);
    setLoadError(null);
    setTaskField(taskId ?? "");
    if (!taskId) return;
    let isCurrent = true;
    Promise.all([api.getTask({ id: taskId }), api.taskExecRequest({ id: taskId })]).then(([task, request]) => {
      if (!isCurrent) return;
      setLoadedCase({ taskId, request, description: task.description });
      setProgram(request.program);
      setTests(request.tests);
      setEntryPoint(request.entryPoint ?? task.entryPoint);
    }, (error: Error) => isCurrent && setLoadError(error.message));
    return () => {
      isCurrent = false;
    };
  }, [taskId]);

  // A stored task stays "the task" (the repair step reads it itself) until its program or tests are edited.
  const isTaskUnedited = loadedCase.taskId !== null && program === loadedCase.request.program && tests === loadedCase.request.tests;
  const repairCase: RepairCase = { taskId: isTaskUnedited ? loadedCase.taskId : null, program, tests, entryPoint, description: loadedCase.description };
  const request: ExecRequest = { ...(loadedCase.taskId ? loadedCase.request : {}), program, tests, entryPoint: entryPoint || undefined };
  const canRun = program.trim() !== "" && tests.trim() !== "";

  const traceCall = async (expression: string) => {
    setTraceError(null);
    try {
      setTrace({ program, trace: await api.pythonTrace({ program, call: expression, setup: request.setup, limits: request.limits }) });
      setCall(expression);
    } catch (error) {
      setTraceError((error as Error).message);
      setTrace(null);
    }
  };

  const runTests = async () => {
    setIsRunning(true);
    setRunError(null);
    setTrace(null);
    try {
      const result = await api.pythonExec(request);
      setRun(result);
      if (result.verdict !== "pass") {
        // Trace the first failing test's call, as the model will see it.
        const rendered = await api.traceRender({ program, failing: { tests, entryPoint: entryPoint || undefined }, setup: request.setup }).catch(() => null);
        const failingCall = rendered?.renderings[0]?.call;
        if (failingCall) await traceCall(failingCall);
      }
    } catch (error) {
      setRunError((error as Error).message);
    } finally {
      setIsRunning(false);
    }
  };

  return (
    <div className="debugger-page" data-testid="debugger-page">
      <PageHeader title="Debugger" lead="Run a failing function against its tests, step through the failing call, and ask the model for a fix that the sandbox verifies." />
      <Panel title="The failing function" data-testid="debugger-case">
        <div className="form-row">
          <TextField label="Open a stored task" hint="A task id, e.g. demo/clamp (or pick one on the Tasks page)" value={taskField} onChange={(e) => setTaskField(e.target.value)} onKeyDown={(e) => e.key === "Enter" && taskField.trim() && navigate(routeHref("debugger", taskField.trim()))} />
          <Button onClick={() => taskField.trim() && navigate(routeHref("debugger", taskField.trim()))} disabled={!taskField.trim()}>Open</Button>
          {loadedCase.taskId && <a href={routeHref("tasks", loadedCase.taskId)}>Show {loadedCase.taskId} in Tasks</a>}
        </div>
        {loadError && <Notice tone="error" data-testid="debugger-load-error">{loadError}</Notice>}
        {loadedCase.description && <p className="debugger-description">{loadedCase.description}</p>}
        {loadedCase.taskId && !isTaskUnedited && <Notice tone="info">Edited: the model gets this program and these tests, not the stored task.</Notice>}
        <div className="debugger-editors">
          <div>
            <h3>Program</h3>
            <CodeView value={program} label="Program" language="python" isEditable onChange={setProgram} maxHeight={420} data-testid="program-editor" />
          </div>
          <div>
            <h3>Tests</h3>
            <CodeView value={tests} label="Tests" language="python" isEditable onChange={setTests} maxHeight={420} data-testid="tests-editor" />
          </div>
        </div>
        <div className="form-row">
          <TextField label="Entry point" hint="The function the tests call; empty: detected" value={entryPoint} onChange={(e) => setEntryPoint(e.target.value)} />
          <Button variant="primary" onClick={runTests} disabled={!canRun || isRunning} data-testid="run-tests">{isRunning ? "Running…" : "Run the tests"}</Button>
        </div>
      </Panel>

      {!canRun && !taskId && (
        <EmptyState title="Paste a program and its tests, or open a task" action={<a href={routeHref("tasks")}>Browse tasks</a>}>
          Tests are <code>assert</code> lines (MBPP) or a <code>def check(candidate)</code> harness (HumanEval). The demo set has small buggy functions to start with.
        </EmptyState>
      )}

      {runError && <Notice tone="error">{runError}</Notice>}
      {run && (
        <Panel title="Verdict" data-testid="run-result">
          <p>
            <span className={`verdict-badge verdict-${run.verdict === "pass" ? "good" : "bad"}`} data-testid="run-verdict">{run.verdict.replace(/_/g, " ")}</span>
            {" "}{run.tests.filter((t) => t.passed).length} of {run.tests.length} tests pass · {Math.round(run.elapsedMs)} ms
          </p>
          {run.error && (run.tests.length === 0 || run.verdict !== "fail") && run.verdict !== "timeout" && <Notice tone="error">{run.error.type}: {run.error.message}</Notice>}
          {run.tests.length > 0 && (
            <Table caption="Tests and their results" data-testid="test-results">
              <thead><tr><th scope="col">#</th><th scope="col">Test</th><th scope="col">Result</th></tr></thead>
              <tbody>
                {run.tests.map((test) => (
                  <tr key={test.index} data-passed={test.passed}>
                    <td>{test.index + 1}</td>
                    <td><code>{test.source ?? "check(candidate)"}</code></td>
                    <td>{test.passed ? <span className="verdict-good">passed</span> : <span className="verdict-bad">{describeFailure(test, run.verdict)}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Panel>
      )}

      {(run || trace) && (
        <Panel title="Trace" data-testid="trace-panel">
          <div className="form-row">
            <TextField label="Trace a call" hint="Any expression calling the program, e.g. f(3)" value={call} onChange={(e) => setCall(e.target.value)} onKeyDown={(e) => e.key === "Enter" && call.trim() && void traceCall(call.trim())} />
            <Button onClick={() => call.trim() && void traceCall(call.trim())} disabled={!call.trim()}>Trace</Button>
          </div>
          {traceError && <Notice tone="error">{traceError}</Notice>}
          {trace ? <TraceView program={trace.program} trace={trace.trace} /> : run?.verdict === "pass" ? <p className="muted">Every test passes: there is no failing call to trace. Trace any call above.</p> : null}
        </Panel>
      )}

      {canRun && <PromptPanel repairCase={repairCase} choices={choices} onChoices={setChoices} />}
      {canRun && <AskModelPanel repairCase={repairCase} call={trace?.trace.call ?? null} choices={choices} />}
    </div>
  );
}
