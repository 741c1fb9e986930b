import { useEffect, useState } from "react";
import type { BugType, StoreProblem, TaskSetInfo, TaskSplit, TaskSummary } from "../../../../native/api/index";
import { api } from "../../api/client";
import type { ApiError } from "../../api/transport";
import { bugTypes } from "./TaskEditor";

export interface TaskFilter {
  setId: string;
  split: TaskSplit | "";
  status: "valid" | "invalid" | "pending" | "";
  bugType: BugType | "";
  query: string;
}

const pageSize = 100;

/** The filterable task list; `generation` changes when a set changed so the rows reload. */
export function TaskList({ sets, filter, onFilter, selectedId, onSelect, generation }: {
  sets: TaskSetInfo[];
  filter: TaskFilter;
  onFilter: (filter: TaskFilter) => void;
  selectedId: string | null;
  onSelect: (id: string) => void;
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
    <div className="tasks-panel">
      <h2>Tasks</h2>
      <div className="tasks-filters">
        <select aria-label="Set" data-testid="filter-set" value={filter.setId} onChange={(e) => set("setId", e.target.value)}>
          <option value="">All sets</option>
          {sets.map((s) => <option key={s.id} value={s.id}>{s.id}</option>)}
        </select>
        <select aria-label="Split" data-testid="filter-split" value={filter.split} onChange={(e) => set("split", e.target.value as TaskFilter["split"])}>
          <option value="">All splits</option>
          {["train", "dev", "test", "prompt"].map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
        <select aria-label="Status" data-testid="filter-status" value={filter.status} onChange={(e) => set("status", e.target.value as TaskFilter["status"])}>
          <option value="">Any status</option>
          {["valid", "invalid", "pending"].map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
        <select aria-label="Bug type" data-testid="filter-bug-type" value={filter.bugType} onChange={(e) => set("bugType", e.target.value as TaskFilter["bugType"])}>
          <option value="">Any bug type</option>
          {bugTypes.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
        <input aria-label="Search" type="search" data-testid="filter-query" placeholder="search id, function, description" value={filter.query} onChange={(e) => set("query", e.target.value)} />
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      {rows && rows.warnings.length > 0 && (
        <div role="alert" className="tasks-report" data-testid="store-warnings">
          <p className="error">{rows.warnings.length} line(s) of the task store could not be read and are skipped; the other tasks are shown.</p>
          <ul>{rows.warnings.slice(0, 20).map((w) => <li key={`${w.file}:${w.line}`}>{w.file.split(/[\\/]/).slice(-2).join("/")}:{w.line}: {w.reason}</li>)}</ul>
          {[...new Set(rows.warnings.map((w) => w.setId))].map((setId) => (
            <button key={setId} type="button" data-testid={`repair-${setId}`} onClick={() => void repair(setId)}>Move the bad lines of {setId} aside</button>
          ))}
        </div>
      )}
      {rows && (
        <>
          <p data-testid="task-total">{rows.total} task(s)</p>
          <table className="tasks-list" data-testid="task-list">
            <thead><tr><th>Task</th><th>Function</th><th>Split</th><th>Bug type</th><th>Tests</th><th>Status</th></tr></thead>
            <tbody>
              {rows.tasks.map((task) => (
                <tr key={task.id} data-testid={`task-row-${task.id}`} className={task.id === selectedId ? "selected" : ""} onClick={() => onSelect(task.id)}>
                  <td>{task.id}</td><td>{task.entryPoint}</td><td>{task.split}</td><td>{task.bugType ?? "—"}</td><td>{task.testCount}</td>
                  <td className={`status-${task.status}`}>{task.status}{task.reason ? ` (${task.reason})` : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.total > pageSize && (
            <p>
              <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - pageSize))}>Previous</button>{" "}
              {offset + 1}–{Math.min(offset + pageSize, rows.total)} of {rows.total}{" "}
              <button type="button" disabled={offset + pageSize >= rows.total} onClick={() => setOffset(offset + pageSize)}>Next</button>
            </p>
          )}
        </>
      )}
    </div>
  );
}
