import { useState } from "react";
import type { BugType, TaskView } from "../../../../native/api/index";
import { api } from "../../api/client";
import type { ApiError } from "../../api/transport";
import { Button, Notice, Select, TextArea, TextField } from "../../components/ui";
import { bugTypes } from "./bugTypes";

/** Writes or edits an own task (set "own"); the core validates it in the sandbox on save. Shown in the task pane. */
export function TaskEditor({ initial, onSaved, onCancel }: { initial: TaskView | null; onSaved: (task: TaskView) => void; onCancel: () => void }) {
  const [id, setId] = useState(initial?.provenance.sourceId ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [buggyProgram, setBuggyProgram] = useState(initial?.buggyProgram ?? "def f(x):\n    return x\n");
  const [tests, setTests] = useState(initial?.tests.kind === "asserts" ? initial.tests.asserts.join("\n") : "assert f(1) == 2");
  const [reference, setReference] = useState(initial?.reference ?? "");
  const [bugType, setBugType] = useState<BugType | "">(initial?.bugType ?? "");
  const [error, setError] = useState<ApiError | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const fieldError = (field: string) => (error && error.details.field === field ? error.message : null);

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
      setError(failure as ApiError);
    } finally {
      setIsSaving(false);
    }
  };

  return (
    <aside className="task-pane" data-testid="task-editor" aria-labelledby="task-editor-title" onKeyDown={(event) => event.key === "Escape" && onCancel()}>
      <header className="task-pane-header">
        <h2 id="task-editor-title">{initial ? `Edit ${initial.id}` : "New task"}</h2>
        <Button size="sm" variant="ghost" onClick={onCancel} aria-label="Close the editor">✕</Button>
      </header>
      <div className="ui-stack">
        <TextField label="Id" hint="saved as own/<id>" data-testid="edit-id" value={id} disabled={Boolean(initial)} error={fieldError("id")} onChange={(e) => setId(e.target.value)} autoFocus={!initial} />
        <TextArea label="Description" data-testid="edit-description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
        <TextArea label="Buggy program" isCode data-testid="edit-buggy" rows={8} value={buggyProgram} error={fieldError("buggyProgram")} onChange={(e) => setBuggyProgram(e.target.value)} />
        <TextArea label="Tests" hint="one assert per line" isCode data-testid="edit-tests" rows={4} value={tests} error={fieldError("tests")} onChange={(e) => setTests(e.target.value)} />
        <TextArea label="Reference fix (optional)" isCode data-testid="edit-reference" rows={6} value={reference} error={fieldError("reference")} onChange={(e) => setReference(e.target.value)} />
        <Select label="Bug type" data-testid="edit-bug-type" value={bugType} onChange={setBugType} options={[{ value: "", label: "—" }, ...bugTypes.map((type) => ({ value: type, label: type }))]} />
      </div>
      <div className="ui-row task-pane-footer">
        <Button variant="primary" data-testid="edit-save" disabled={isSaving || id.trim() === ""} onClick={save}>{isSaving ? "Saving and validating…" : "Save"}</Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
      {error && <Notice tone="error" data-testid="edit-error">{error.message}</Notice>}
    </aside>
  );
}
