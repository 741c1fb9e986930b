import type { TaskSetInfo } from "../../../../native/api/index";
import { api } from "../../api/client";

/** Task sets with counts per split, source and validation status. */
export function TaskSetTable({ sets, onSelect }: { sets: TaskSetInfo[]; onSelect: (setId: string) => void }) {
  if (sets.length === 0) return <p data-testid="no-task-sets">No task sets yet. Import the demo set or a file below.</p>;
  return (
    <table data-testid="task-sets">
      <thead>
        <tr><th>Set</th><th>Source</th><th>Tasks</th><th>Train</th><th>Dev</th><th>Test</th><th>Prompt</th><th>Valid</th><th>Invalid</th><th>Pending</th><th></th></tr>
      </thead>
      <tbody>
        {sets.map((set) => (
          <tr key={set.id} data-testid={`task-set-${set.id}`} onClick={() => onSelect(set.id)} style={{ cursor: "pointer" }}>
            <td>{set.id}</td>
            <td title={set.files.join(", ")}>{set.format} · {set.licence}</td>
            <td data-testid="count">{set.count}</td>
            <td>{set.bySplit.train}</td><td>{set.bySplit.dev}</td><td>{set.bySplit.test}</td><td>{set.bySplit.prompt}</td>
            <td className="status-valid" data-testid="valid">{set.byStatus.valid}</td>
            <td className="status-invalid" data-testid="invalid">{set.byStatus.invalid}</td>
            <td className="status-pending">{set.byStatus.pending}</td>
            <td>
              {/* Re-validation is a job; the page reloads on the set's "tasks" event when it ends. */}
              <button type="button" data-testid="validate-set" onClick={(event) => (event.stopPropagation(), void api.validateTasks({ setId: set.id }))}>Re-validate</button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
