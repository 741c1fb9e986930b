import { useEffect, useState } from "react";
import type { TaskView } from "../../../../native/api/index";
import { api } from "../../api/client";
import type { ApiError } from "../../api/transport";
import { useApi } from "../../api/useApi";
import { navigate, routeHref } from "../../app/route";
import { Button, EmptyState, Notice, PageHeader, Panel } from "../../components/ui";
import { ContaminationPanel } from "./ContaminationPanel";
import { ImportPanel } from "./ImportPanel";
import { TaskDetail } from "./TaskDetail";
import { TaskEditor } from "./TaskEditor";
import { TaskList, type TaskFilter } from "./TaskList";
import { TaskSetTable } from "./TaskSetTable";
import "./tasks.css";

/**
 * Task sets, a filterable task list, import with progress and report, the own-task editor, and one task in a
 * side pane that its route opens in view: `#/tasks/<id>` (an id is one encoded segment), `#/tasks/new`,
 * `#/tasks/<id>/edit`. Back closes the pane.
 */
export function TasksPage({ openTaskId, mode }: { openTaskId: string | null; mode: string | null }) {
  const { data: sets, error, reload } = useApi(() => api.listTaskSets());
  const [generation, setGeneration] = useState(0);
  const [filter, setFilter] = useState<TaskFilter>({ setId: "", split: "", status: "", bugType: "", query: "" });
  const [task, setTask] = useState<TaskView | null>(null);
  const [taskError, setTaskError] = useState<string | null>(null);
  const isNew = openTaskId === "new";
  const selectedId = isNew ? null : openTaskId;

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
    if (!selectedId) return (setTask(null), setTaskError(null));
    let isCurrent = true;
    api.getTask({ id: selectedId }).then((view) => isCurrent && (setTask(view), setTaskError(null)), (failure: ApiError) => isCurrent && (setTask(null), setTaskError(failure.message)));
    return () => {
      isCurrent = false;
    };
  }, [selectedId, generation]);

  const refresh = () => {
    reload();
    setGeneration((value) => value + 1);
  };
  const close = () => navigate(routeHref("tasks"));
  const isEditing = mode === "edit" && task !== null && task.id === selectedId;

  return (
    <div className={`tasks-page${openTaskId ? " has-pane" : ""}`}>
      <PageHeader title="Tasks" lead="Buggy programs with tests: import sets, check them, and open one to debug." actions={<Button data-testid="new-task" onClick={() => navigate(routeHref("tasks", "new"))}>New task…</Button>} />
      {error && <Notice tone="error">{error.message}</Notice>}
      <div className="ui-stack">
        <Panel title="Task sets">
          {sets && sets.length === 0 && (
            <EmptyState title="No task sets yet" data-testid="no-task-sets">
              Import the demo set below to start, then open a task in the Debugger; or import your own file.
            </EmptyState>
          )}
          {sets && sets.length > 0 && <TaskSetTable sets={sets} selectedSetId={filter.setId} onSelect={(setId) => setFilter({ ...filter, setId })} onChanged={refresh} />}
        </Panel>
        <ImportPanel onImported={refresh} hasDemo={Boolean(sets?.some((set) => set.id === "demo"))} />
        <TaskList sets={sets ?? []} filter={filter} onFilter={setFilter} selectedId={selectedId} generation={generation} />
        <ContaminationPanel />
      </div>
      {isNew && (
        <TaskEditor
          key="new"
          initial={null}
          onCancel={close}
          onSaved={(saved) => {
            navigate(routeHref("tasks", saved.id), { replace: true });
            refresh();
          }}
        />
      )}
      {selectedId && isEditing && (
        <TaskEditor key={task!.id} initial={task} onCancel={() => navigate(routeHref("tasks", task!.id), { replace: true })} onSaved={(saved) => (navigate(routeHref("tasks", saved.id), { replace: true }), refresh())} />
      )}
      {selectedId && !isEditing && taskError && (
        <aside className="task-pane" data-testid="task-detail" aria-label="Task">
          <Notice tone="error">{taskError}</Notice>
          <Button onClick={close}>Close</Button>
        </aside>
      )}
      {selectedId && !isEditing && task && task.id === selectedId && (
        <TaskDetail
          task={task}
          onClose={close}
          onDeleted={() => (close(), refresh())}
          onEdit={task.provenance.format === "jsonl" && task.kind === "repair" ? () => navigate(routeHref("tasks", task.id, "edit")) : undefined}
        />
      )}
    </div>
  );
}
