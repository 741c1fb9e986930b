import { useState } from "react";
import type { BugType, TaskView } from "../../../../native/api/index";
import { api } from "../../api/client";
import type { ApiError } from "../../api/transport";

/** The renderer may only import types from the core, so the closed list is repeated here (the compiler checks it). */
export const bugTypes: BugType[] = ["missing logic", "excess logic", "operator misuse", "variable misuse", "value misuse", "function misuse"];

/** Creates or edits an own task (set "own"); the core validates it in the sandbox on save. */
export function TaskEditor({ initial, onSaved, onCancel }: { initial: TaskView | null; onSaved: (task: TaskView) => void; onCancel: () => void }) {
  const [id, setId] = useState(initial?.provenance.sourceId ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [buggyProgram, setBuggyProgram] = useState(initial?.buggyProgram ?? "def f(x):\n    return x\n");
  const [tests, setTests] = useState(initial?.tests.kind === "asserts" ? initial.tests.asserts.join("\n") : "assert f(1) == 2");
  const [reference, setReference] = useState(initial?.reference ?? "");
  const [bugType, setBugType] = useState<BugType | "">(initial?.bugType ?? "");
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);

  const save = async () => {
    setIsSaving(true);
    setError(null);
    try {
      const task = await api.saveTask({
        setId: initial?.setId,
        task: { id: id.trim(), description, buggyProgram, tests: tests.split("\n").filter((line) => line.trim() !== ""), reference: reference.trim() ? reference : null, bugType: bugType || null },
      });
      onSaved(task);
    } catch (failure) {
      setError((failure as ApiError).message);
    } finally {
      setIsSaving(false);
    }
  };

  return (
    <div className="tasks-panel" data-testid="task-editor">
      <h2>{initial ? `Edit ${initial.id}` : "New task"}</h2>
      <div className="tasks-form">
        <label htmlFor="edit-id">Id</label>
        <input id="edit-id" type="text" data-testid="edit-id" value={id} disabled={Boolean(initial)} onChange={(e) => setId(e.target.value)} />
        <label htmlFor="edit-description">Description</label>
        <textarea id="edit-description" data-testid="edit-description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
        <label htmlFor="edit-buggy">Buggy program</label>
        <textarea id="edit-buggy" data-testid="edit-buggy" rows={8} value={buggyProgram} onChange={(e) => setBuggyProgram(e.target.value)} />
        <label htmlFor="edit-tests">Tests (one assert per line)</label>
        <textarea id="edit-tests" data-testid="edit-tests" rows={4} value={tests} onChange={(e) => setTests(e.target.value)} />
        <label htmlFor="edit-reference">Reference fix (optional)</label>
        <textarea id="edit-reference" data-testid="edit-reference" rows={6} value={reference} onChange={(e) => setReference(e.target.value)} />
        <label htmlFor="edit-bug-type">Bug type</label>
        <select id="edit-bug-type" data-testid="edit-bug-type" value={bugType} onChange={(e) => setBugType(e.target.value as BugType | "")}>
          <option value="">—</option>
          {bugTypes.map((type) => <option key={type} value={type}>{type}</option>)}
        </select>
      </div>
      <p>
        <button type="button" data-testid="edit-save" disabled={isSaving || id.trim() === ""} onClick={save}>{isSaving ? "Saving and validating…" : "Save"}</button>{" "}
        <button type="button" onClick={onCancel}>Cancel</button>
      </p>
      {error && <p role="alert" className="error" data-testid="edit-error">{error}</p>}
    </div>
  );
}
