import { useState } from "react";
import type { TaskDeletion, TaskSetUse } from "../../../../native/api/index";
import type { ApiError } from "../../api/transport";
import { Button, Dialog, Notice } from "../../components/ui";

/**
 * Delete with confirmation. When a run or an evaluation uses what is deleted, the core refuses
 * (`task_set_in_use`); the dialog then lists those uses and offers to delete anyway (force): their receipts
 * keep the tasks' content hashes, so they stay readable.
 */
export function DeleteButton({ what, description, loadUsers, onDelete, onDeleted, testId }: {
  /** e.g. `set "demo"`, `task "demo/clamp"`. */
  what: string;
  description: string;
  /** What uses it now (listTaskSetUsers), shown as the dialog opens. */
  loadUsers: () => Promise<TaskSetUse[]>;
  onDelete: (force: boolean) => Promise<TaskDeletion>;
  onDeleted: (deletion: TaskDeletion) => void;
  testId?: string;
}) {
  const [isOpen, setIsOpen] = useState(false);
  const [isBusy, setIsBusy] = useState(false);
  const [usedBy, setUsedBy] = useState<TaskSetUse[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    setIsBusy(true);
    setError(null);
    try {
      const deletion = await onDelete(usedBy !== null && usedBy.length > 0);
      setIsOpen(false);
      onDeleted(deletion);
    } catch (failure) {
      const apiError = failure as ApiError;
      if (apiError.code === "task_set_in_use") setUsedBy((apiError.details.usedBy as TaskSetUse[] | undefined) ?? []);
      else setError(apiError.message);
    } finally {
      setIsBusy(false);
    }
  };
  return (
    <>
      <Button variant="danger" size="sm" data-testid={testId} onClick={() => {
        setIsOpen(true);
        setUsedBy(null);
        setError(null);
        loadUsers().then((users) => setUsedBy(users), () => setUsedBy(null));
      }}>Delete…</Button>
      <Dialog
        title={`Delete ${what}?`}
        description={description}
        isOpen={isOpen}
        onOpenChange={setIsOpen}
        footer={
          <>
            <Button onClick={() => setIsOpen(false)}>Cancel</Button>
            <Button variant="danger" onClick={() => void remove()} disabled={isBusy} data-testid="confirm-delete">
              {isBusy ? "Deleting…" : usedBy && usedBy.length > 0 ? "Delete anyway" : "Delete"}
            </Button>
          </>
        }
      >
        {usedBy && usedBy.length > 0 && (
          <Notice tone="warning" data-testid="delete-used-by">
            In use by:
            <ul>{usedBy.map((use) => <li key={`${use.kind}:${use.id}`}>{use.title}</li>)}</ul>
            Their records keep the tasks&apos; content hashes and stay readable.
          </Notice>
        )}
        {error && <Notice tone="error">{error}</Notice>}
      </Dialog>
    </>
  );
}
