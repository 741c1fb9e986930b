import { useEffect, useRef } from "react";
import type { TaskView } from "../../../../native/api/index";
import { api } from "../../api/client";
import { routeHref } from "../../app/route";
import { CodeView } from "../../components/CodeView/CodeView";
import { Button, Facts, useToast } from "../../components/ui";
import { DeleteButton } from "./DeleteButton";

const shownTests = 20;

function testLines(task: TaskView): string[] {
  const { tests } = task;
  if (tests.kind === "asserts") return [...(tests.setup ? [tests.setup] : []), ...tests.asserts];
  if (tests.kind === "check") return [tests.source];
  return tests.cases.map((c) => `${task.entryPoint}(*${c.args}) -> ${c.expected}`);
}

/**
 * One task, in the side pane its route opens (`#/tasks/<id>`): description, buggy code, tests, reference, bug
 * type, the failing test and the buggy verdict; open it in the Debugger, edit it (own tasks) or delete it.
 */
export function TaskDetail({ task, onEdit, onClose, onDeleted }: { task: TaskView; onEdit?: () => void; onClose: () => void; onDeleted: () => void }) {
  const toast = useToast();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [task.id]);
  const lines = testLines(task);
  const validation = task.validation;
  return (
    <aside className="task-pane" data-testid="task-detail" aria-labelledby="task-pane-title" onKeyDown={(event) => event.key === "Escape" && onClose()}>
      <header className="task-pane-header">
        <h2 id="task-pane-title" data-testid="task-title" tabIndex={-1} ref={heading}>{task.id}</h2>
        <div className="ui-panel-actions">
          <a className="ui-button ui-button-primary ui-button-sm" href={routeHref("debugger", task.id)}>Open in Debugger</a>
          {onEdit && <Button size="sm" data-testid="task-edit" onClick={onEdit}>Edit</Button>}
          <DeleteButton
            what={`task "${task.id}"`}
            description="Removes the task and its validations from its set. Runs that used it keep its content hash."
            testId="task-delete"
            loadUsers={() => api.listTaskSetUsers({ setId: task.setId, taskId: task.id })}
            onDelete={(force) => api.deleteTask({ id: task.id, force })}
            onDeleted={() => (toast({ title: `Deleted ${task.id}`, tone: "success" }), onDeleted())}
          />
          <Button size="sm" variant="ghost" onClick={onClose} aria-label="Close the task">✕</Button>
        </div>
      </header>
      <Facts
        items={[
          ["Entry point", <span className="ui-mono">{task.entryPoint}</span>],
          ["Bug type", task.bugType ?? "—", "task-bug-type"],
          ["Split", task.split],
          ["Source", `${task.provenance.format} · ${task.provenance.file || "—"} · ${task.provenance.sourceId} · ${task.provenance.licence}`],
          ["Validation", <span className={`ui-status-${validation?.status ?? "pending"}`}>{validation ? `${validation.status}${validation.reason ? `: ${validation.reason}` : ""}` : "pending"}{validation?.detail ? ` (${validation.detail})` : ""}</span>, "task-status"],
          ["Buggy verdict", `${validation?.buggyVerdict ?? "—"}${validation && validation.failingCount > 0 ? `, fails ${validation.failingCount} of ${validation.testCount} tests` : ""}`, "task-verdict"],
        ]}
      />
      <h3>Description</h3>
      <p data-testid="task-description" className="task-description">{task.description || "—"}</p>
      {validation?.firstFailure && (
        <>
          <h3>First failing test</h3>
          <CodeView label="First failing test" language="python" data-testid="task-failing-test" value={`${validation.firstFailure.source}${validation.firstFailure.error ? `\n# ${validation.firstFailure.error}` : ""}`} />
        </>
      )}
      <h3>{task.kind === "problem" ? "Problem (no buggy program)" : "Buggy program"}</h3>
      {task.buggyProgram && <CodeView label="Buggy program" language="python" data-testid="task-buggy" value={task.buggyProgram} />}
      {validation && validation.failingTests.length > 1 && (
        <>
          <h3>Failing tests ({validation.failingTests.length < validation.failingCount ? `first ${validation.failingTests.length} of ${validation.failingCount}` : validation.failingCount})</h3>
          <CodeView label="Failing tests" language="python" data-testid="task-failing-tests" value={validation.failingTests.slice(0, shownTests).map((index) => lines[task.tests.kind === "asserts" && task.tests.setup ? index + 1 : index] ?? "").join("\n")} />
        </>
      )}
      <h3>Tests ({lines.length > shownTests ? `first ${shownTests} of ${lines.length}` : lines.length})</h3>
      <CodeView label="Tests" language="python" data-testid="task-tests" value={lines.slice(0, shownTests).join("\n")} />
      <h3>Reference</h3>
      {task.reference ? <CodeView label="Reference fix" language="python" data-testid="task-reference" value={task.reference} /> : <p data-testid="task-reference" className="ui-muted">No reference fix.</p>}
    </aside>
  );
}
