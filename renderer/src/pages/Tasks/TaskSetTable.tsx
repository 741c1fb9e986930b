import type { TaskSetInfo } from "../../../../native/api/index";
import { useState } from "react";
import { api } from "../../api/client";
import { jobStore } from "../../api/useJobs";
import { JobProgress } from "../../components/JobProgress/JobProgress";
import { Button, Table, useToast } from "../../components/ui";
import { DeleteButton } from "./DeleteButton";

/** Task sets with counts per split, source and validation status; re-validate (a job) and delete per set. */
export function TaskSetTable({ sets, selectedSetId, onSelect, onChanged }: { sets: TaskSetInfo[]; selectedSetId: string; onSelect: (setId: string) => void; onChanged: () => void }) {
  const toast = useToast();
  // Re-validation's progress shows in the set's row, where it was started (and in the tray).
  const [validations, setValidations] = useState<Record<string, string>>({});
  const validate = (setId: string) =>
    void jobStore
      .runJob(() => api.validateTasks({ setId }), (jobId) => setValidations((previous) => ({ ...previous, [setId]: jobId })))
      .then((job) => toast({ title: `Validation of ${setId} ${job.status === "done" ? "finished" : job.status}`, tone: job.status === "done" ? "success" : "error", description: job.error?.message }));
  return (
    <Table caption="Task sets" data-testid="task-sets">
      <thead>
        <tr><th>Set</th><th>Source</th><th className="num">Tasks</th><th className="num">Train</th><th className="num">Dev</th><th className="num">Test</th><th className="num">Prompt</th><th className="num">Valid</th><th className="num">Invalid</th><th className="num">Pending</th><th><span className="ui-visually-hidden">Actions</span></th></tr>
      </thead>
      <tbody>
        {sets.map((set) => (
          <tr key={set.id} data-testid={`task-set-${set.id}`} aria-selected={set.id === selectedSetId}>
            <td><Button variant="link" onClick={() => onSelect(set.id)} aria-label={`Show the tasks of ${set.id}`}>{set.id}</Button></td>
            <td title={set.files.join(", ")}>{set.format} · {set.licence}</td>
            <td className="num" data-testid="count">{set.count}</td>
            <td className="num">{set.bySplit.train}</td><td className="num">{set.bySplit.dev}</td><td className="num">{set.bySplit.test}</td><td className="num">{set.bySplit.prompt}</td>
            <td className="num ui-status-valid" data-testid="valid">{set.byStatus.valid}</td>
            <td className="num ui-status-invalid" data-testid="invalid">{set.byStatus.invalid}</td>
            <td className="num ui-status-pending">{set.byStatus.pending}</td>
            <td className="task-set-actions">
              {/* Re-validation is a job: its progress is in the tray, and the page reloads on the set's "tasks" event. */}
              <Button size="sm" data-testid="validate-set" onClick={() => validate(set.id)}>Re-validate</Button>
              <DeleteButton
                what={`set "${set.id}"`}
                description={`Removes its ${set.count} task(s) and their validations from tracetune's data. The files it was imported from are not touched.`}
                testId={`delete-set-${set.id}`}
                loadUsers={() => api.listTaskSetUsers({ setId: set.id })}
                onDelete={(force) => api.deleteTaskSet({ setId: set.id, force })}
                onDeleted={(deletion) => (toast({ title: `Deleted set ${deletion.setId}`, description: `${deletion.deletedTasks} task(s) removed.`, tone: "success" }), onChanged())}
              />
              {validations[set.id] && <JobProgress jobId={validations[set.id]} label={`Validating ${set.id}`} testId={`validate-progress-${set.id}`} />}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
