import { useEffect, useState } from "react";
import type { TaskView } from "../../../../native/api/index";
import { api } from "../../api/client";
import type { ApiError } from "../../api/transport";
import { useApi } from "../../api/useApi";
import { useJobs } from "../../api/useJobs";
import { ContaminationPanel } from "./ContaminationPanel";
import { ImportPanel } from "./ImportPanel";
import { TaskDetail } from "./TaskDetail";
import { TaskEditor } from "./TaskEditor";
import { TaskList, type TaskFilter } from "./TaskList";
import { TaskSetTable } from "./TaskSetTable";
import "./tasks.css";

/** Task sets, a filterable task list, the task view, import with progress and report, and the own-task editor. */
export function TasksPage() {
  const { data: sets, error, reload } = useApi(() => api.listTaskSets());
  const jobs = useJobs();
  const [generation, setGeneration] = useState(0);
  const [filter, setFilter] = useState<TaskFilter>({ setId: "", split: "", status: "", bugType: "", query: "" });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [task, setTask] = useState<TaskView | null>(null);
  const [taskError, setTaskError] = useState<string | null>(null);
  const [editing, setEditing] = useState<"new" | TaskView | null>(null);

  // Any change to a set (import, validation, edit, here or from the CLI) reloads the counts and rows.
  useEffect(
    () =>
      api.subscribe((event) => {
        if (event.topic !== "tasks") return;
        reload();
        setGeneration((value) => value + 1);
      }),
    [reload],
  );
  useEffect(() => {
    if (!selectedId) return setTask(null);
    let isCurrent = true;
    api.getTask({ id: selectedId }).then((view) => isCurrent && (setTask(view), setTaskError(null)), (failure: ApiError) => isCurrent && setTaskError(failure.message));
    return () => {
      isCurrent = false;
    };
  }, [selectedId, generation]);

  const refresh = () => {
    reload();
    setGeneration((value) => value + 1);
  };

  return (
    <section className="tasks-grid">
      <h1>Tasks</h1>
      {error && <p role="alert" className="error">{error.message}</p>}
      <div className="tasks-panel">
        <h2>Task sets</h2>
        {sets && <TaskSetTable sets={sets} onSelect={(setId) => setFilter({ ...filter, setId })} />}
        <p><button type="button" data-testid="new-task" onClick={() => setEditing("new")}>New task…</button></p>
      </div>
      {editing && (
        <TaskEditor
          key={editing === "new" ? "new" : editing.id}
          initial={editing === "new" ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setSelectedId(saved.id);
            refresh();
          }}
        />
      )}
      <ImportPanel jobs={jobs} onImported={refresh} />
      <TaskList sets={sets ?? []} filter={filter} onFilter={setFilter} selectedId={selectedId} onSelect={setSelectedId} generation={generation} />
      {taskError && <p role="alert" className="error">{taskError}</p>}
      {task && <TaskDetail task={task} onEdit={task.provenance.format === "jsonl" && task.kind === "repair" ? () => setEditing(task) : undefined} />}
      <ContaminationPanel />
    </section>
  );
}
