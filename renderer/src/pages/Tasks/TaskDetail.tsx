import type { TaskView } from "../../../../native/api/index";

const shownTests = 20;

function testLines(task: TaskView): string[] {
  const { tests } = task;
  if (tests.kind === "asserts") return [...(tests.setup ? [tests.setup] : []), ...tests.asserts];
  if (tests.kind === "check") return [tests.source];
  return tests.cases.map((c) => `${task.entryPoint}(*${c.args}) -> ${c.expected}`);
}

/** One task: description, buggy code, tests, reference, bug type, the failing test and the buggy verdict. */
export function TaskDetail({ task, onEdit }: { task: TaskView; onEdit?: () => void }) {
  const lines = testLines(task);
  const validation = task.validation;
  return (
    <div className="tasks-panel" data-testid="task-detail">
      <h2 data-testid="task-title">{task.id}</h2>
      <dl className="facts">
        <dt>Entry point</dt><dd>{task.entryPoint}</dd>
        <dt>Bug type</dt><dd data-testid="task-bug-type">{task.bugType ?? "—"}</dd>
        <dt>Split</dt><dd>{task.split}</dd>
        <dt>Source</dt><dd>{task.provenance.format} · {task.provenance.file || "—"} · {task.provenance.sourceId} · {task.provenance.licence}</dd>
        <dt>Validation</dt>
        <dd data-testid="task-status" className={`status-${validation?.status ?? "pending"}`}>
          {validation ? `${validation.status}${validation.reason ? `: ${validation.reason}` : ""}` : "pending"}
          {validation?.detail ? ` (${validation.detail})` : ""}
        </dd>
        <dt>Buggy verdict</dt><dd data-testid="task-verdict">{validation?.buggyVerdict ?? "—"}{validation && validation.failingCount > 0 ? `, fails ${validation.failingCount} of ${validation.testCount} tests` : ""}</dd>
      </dl>
      {onEdit && <p><button type="button" data-testid="task-edit" onClick={onEdit}>Edit</button></p>}
      <h3>Description</h3>
      <p data-testid="task-description" style={{ whiteSpace: "pre-wrap" }}>{task.description || "—"}</p>
      {validation?.firstFailure && (
        <>
          <h3>First failing test</h3>
          <pre className="task-code" data-testid="task-failing-test">{validation.firstFailure.source}{validation.firstFailure.error ? `\n# ${validation.firstFailure.error}` : ""}</pre>
        </>
      )}
      <h3>{task.kind === "problem" ? "Problem (no buggy program)" : "Buggy program"}</h3>
      {task.buggyProgram && <pre className="task-code" data-testid="task-buggy">{task.buggyProgram}</pre>}
      {validation && validation.failingTests.length > 1 && (
        <>
          <h3>Failing tests ({validation.failingTests.length < validation.failingCount ? `first ${validation.failingTests.length} of ${validation.failingCount}` : validation.failingCount})</h3>
          <pre className="task-code" data-testid="task-failing-tests">{validation.failingTests.slice(0, shownTests).map((index) => lines[task.tests.kind === "asserts" && task.tests.setup ? index + 1 : index] ?? "").join("\n")}</pre>
        </>
      )}
      <h3>Tests ({lines.length > shownTests ? `first ${shownTests} of ${lines.length}` : lines.length})</h3>
      <pre className="task-code" data-testid="task-tests">{lines.slice(0, shownTests).join("\n")}</pre>
      <h3>Reference</h3>
      <pre className="task-code" data-testid="task-reference">{task.reference ?? "—"}</pre>
    </div>
  );
}
