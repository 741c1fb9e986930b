import { useEffect, useState } from "react";
import type { BugType, StoreProblem, TaskSetInfo, TaskSplit, TaskSummary } from "../../../../native/api/index";
import { api } from "../../api/client";
import type { ApiError } from "../../api/transport";
import { navigate, routeHref } from "../../app/route";
import { Button, EmptyState, Notice, Panel, Select, Table, TextField } from "../../components/ui";
import { bugTypes } from "./bugTypes";

export interface TaskFilter {
  setId: string;
  split: TaskSplit | "";
  status: "valid" | "invalid" | "pending" | "";
  bugType: BugType | "";
  query: string;
}

const pageSize = 100;

/** The filterable task list, 100 rows a page; a task's id links to its route, which opens it in the side pane. */
export function TaskList({ sets, filter, onFilter, selectedId, generation }: {
  sets: TaskSetInfo[];
  filter: TaskFilter;
  onFilter: (filter: TaskFilter) => void;
  selectedId: string | null;
  generation: number;
}) {
  const [rows, setRows] = useState<{ total: number; tasks: TaskSummary[]; warnings: StoreProblem[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [offset, setOffset] = useState(0);
  const [repaired, setRepaired] = useState(0);
  useEffect(() => setOffset(0), [filter]);
  useEffect(() => {
    let isCurrent = true;
    api
      .listTasks({ setId: filter.setId || undefined, split: filter.split || undefined, status: filter.status || undefined, bugType: filter.bugType || undefined, query: filter.query || undefined, offset, limit: pageSize })
      .then((page) => isCurrent && (setRows(page), setError(null)), (failure: ApiError) => isCurrent && setError(failure.message));
    return () => {
      isCurrent = false;
    };
  }, [filter, offset, generation, repaired]);

  const repair = (setId: string) =>
    api.repairTaskSet({ setId }).then(() => setRepaired((n) => n + 1), (failure: ApiError) => setError(failure.message));

  const set = <K extends keyof TaskFilter>(key: K, value: TaskFilter[K]) => onFilter({ ...filter, [key]: value });
  return (
    <Panel title="Tasks" actions={rows && <span data-testid="task-total" className="ui-muted">{rows.total} task(s)</span>}>
      <div className="tasks-filters">
        <Select label="Set" isLabelHidden data-testid="filter-set" value={filter.setId} onChange={(value) => set("setId", value)} options={[{ value: "", label: "All sets" }, ...sets.map((s) => ({ value: s.id, label: s.id }))]} />
        <Select label="Split" isLabelHidden data-testid="filter-split" value={filter.split} onChange={(value) => set("split", value)} options={[{ value: "", label: "All splits" }, ...(["train", "dev", "test", "prompt"] as const).map((s) => ({ value: s, label: s }))]} />
        <Select label="Status" isLabelHidden data-testid="filter-status" value={filter.status} onChange={(value) => set("status", value)} options={[{ value: "", label: "Any status" }, ...(["valid", "invalid", "pending"] as const).map((s) => ({ value: s, label: s }))]} />
        <Select label="Bug type" isLabelHidden data-testid="filter-bug-type" value={filter.bugType} onChange={(value) => set("bugType", value)} options={[{ value: "", label: "Any bug type" }, ...bugTypes.map((s) => ({ value: s, label: s }))]} />
        <TextField label="Search" className="tasks-search ui-label-hidden" type="search" data-testid="filter-query" placeholder="Search id, function, description" value={filter.query} onChange={(e) => set("query", e.target.value)} />
      </div>
      {error && <Notice tone="error">{error}</Notice>}
      {rows && rows.warnings.length > 0 && (
        <Notice tone="warning" data-testid="store-warnings">
          <p>{rows.warnings.length} line(s) of the task store could not be read and are skipped; the other tasks are shown.</p>
          <ul className="ui-mono">{rows.warnings.slice(0, 20).map((w) => <li key={`${w.file}:${w.line}`}>{w.file.split(/[\\/]/).slice(-2).join("/")}:{w.line}: {w.reason}</li>)}</ul>
          {[...new Set(rows.warnings.map((w) => w.setId))].map((setId) => (
            <Button key={setId} data-testid={`repair-${setId}`} onClick={() => void repair(setId)}>Move the bad lines of {setId} aside</Button>
          ))}
        </Notice>
      )}
      {rows && rows.total === 0 && (
        <EmptyState title={sets.length === 0 ? "No tasks yet" : "No task matches"} data-testid="no-tasks">
          {sets.length === 0 ? "Import the demo set or your own file above, or write a task with New task." : "Clear a filter or the search to see more."}
        </EmptyState>
      )}
      {rows && rows.total > 0 && (
        <>
          <Table caption="Tasks" className="tasks-list" data-testid="task-list">
            <thead><tr><th>Task</th><th>Function</th><th>Split</th><th>Bug type</th><th className="num">Tests</th><th>Status</th></tr></thead>
            <tbody>
              {rows.tasks.map((task) => (
                <tr key={task.id} data-testid={`task-row-${task.id}`} aria-selected={task.id === selectedId} onClick={() => navigate(routeHref("tasks", task.id))}>
                  <td><a href={routeHref("tasks", task.id)} onClick={(event) => event.stopPropagation()}>{task.id}</a></td>
                  <td className="ui-mono">{task.entryPoint}</td><td>{task.split}</td><td>{task.bugType ?? "—"}</td><td className="num">{task.testCount}</td>
                  <td className={`ui-status-${task.status}`}>{task.status}{task.reason ? ` (${task.reason})` : ""}</td>
                </tr>
              ))}
            </tbody>
          </Table>
          {rows.total > pageSize && (
            <div className="ui-row tasks-pager">
              <Button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - pageSize))}>Previous</Button>
              <span>{offset + 1}–{Math.min(offset + pageSize, rows.total)} of {rows.total}</span>
              <Button disabled={offset + pageSize >= rows.total} onClick={() => setOffset(offset + pageSize)}>Next</Button>
            </div>
          )}
        </>
      )}
    </Panel>
  );
}
