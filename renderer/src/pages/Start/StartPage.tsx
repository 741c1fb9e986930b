import { useState, type ReactNode } from "react";
import { api } from "../../api/client";
import type { ApiError } from "../../api/transport";
import { useApi } from "../../api/useApi";
import { jobStore } from "../../api/useJobs";
import { routeHref } from "../../app/route";
import { JobProgress } from "../../components/JobProgress/JobProgress";
import { PathField } from "../../components/PathField/PathField";
import { Button, Notice, PageHeader } from "../../components/ui";
import "./start.css";

/** The demo task the first-run path opens in the Debugger. */
const FIRST_TASK = "demo/clamp";

function Step({ index, title, isDone, children, testId }: { index: number; title: string; isDone: boolean; children: ReactNode; testId: string }) {
  return (
    <li className={`start-step${isDone ? " is-done" : ""}`} data-testid={testId} data-done={isDone}>
      <span className="start-step-mark" aria-hidden="true">{isDone ? "✓" : index}</span>
      <div className="start-step-body">
        <h2>{title}{isDone && <span className="ui-visually-hidden"> (done)</span>}</h2>
        {children}
      </div>
    </li>
  );
}

/**
 * The first-run path, where the app opens: pick a models folder, import the demo set, open a demo task in the
 * Debugger. Each step says whether it is done and links to where it is done in full.
 */
export function StartPage() {
  const folders = useApi(() => api.listModelFolders());
  const models = useApi(() => api.listModels());
  const sets = useApi(() => api.listTaskSets());
  const [folder, setFolder] = useState("");
  const [folderError, setFolderError] = useState<string | null>(null);
  const [isAdding, setIsAdding] = useState(false);
  const [importJobId, setImportJobId] = useState<string | null>(null);
  const [isImporting, setIsImporting] = useState(false);
  const [importError, setImportError] = useState<string | null>(null);

  const hasFolder = (folders.data?.length ?? 0) > 0;
  const modelCount = models.data?.filter((m) => m.kind === "model").length ?? 0;
  const demo = sets.data?.find((set) => set.id === "demo");

  const addFolder = async () => {
    setIsAdding(true);
    try {
      await api.addModelFolder({ folder });
      setFolderError(null);
      setFolder("");
      folders.reload();
      models.reload();
    } catch (failure) {
      setFolderError((failure as ApiError).message);
    } finally {
      setIsAdding(false);
    }
  };
  const importDemo = async () => {
    setIsImporting(true);
    setImportError(null);
    try {
      const job = await jobStore.runJob(() => api.importDemoTasks({}), setImportJobId);
      if (job.status !== "done") setImportError(job.error?.message ?? `Import ${job.status}.`);
    } catch (failure) {
      setImportError((failure as ApiError).message);
    } finally {
      setIsImporting(false);
      sets.reload();
    }
  };

  return (
    <>
      <PageHeader title="Start" lead="Find a bug with a local model's help in three steps: everything stays on this machine." />
      <ol className="start-steps">
        <Step index={1} title="Pick your models folder" isDone={hasFolder} testId="start-step-models">
          {hasFolder ? (
            <p>
              Watching {folders.data!.map((f) => <code key={f}>{f}</code>)} · {modelCount} model(s) found. <a href={routeHref("models")}>Open Models</a> to load one.
            </p>
          ) : (
            <p className="ui-muted">The folder where your GGUF files are (LM Studio&apos;s or Jan&apos;s models folder works). Files are registered in place, never copied. You can skip this and come back: the demo tasks run without a model.</p>
          )}
          <form className="ui-row ui-row-fields" onSubmit={(event) => (event.preventDefault(), void addFolder())}>
            <PathField label="Models folder" kind="folder" value={folder} onChange={setFolder} placeholder="~/models" error={folderError} className="grow" />
            <Button type="submit" variant={hasFolder ? "secondary" : "primary"} disabled={folder.trim() === "" || isAdding}>{hasFolder ? "Add another" : "Use this folder"}</Button>
          </form>
        </Step>
        <Step index={2} title="Import the demo tasks" isDone={Boolean(demo)} testId="start-step-demo">
          {demo ? (
            <p>The demo set is in: {demo.count} tasks, {demo.byStatus.valid} validated. <a href={routeHref("tasks")}>Browse them in Tasks</a>.</p>
          ) : (
            <p className="ui-muted">24 small buggy Python functions with tests, written for tracetune; each is checked in the sandbox as it imports.</p>
          )}
          <div className="ui-row start-actions">
            {!demo && <Button variant="primary" data-testid="start-import-demo" disabled={isImporting} onClick={() => void importDemo()}>Import the demo set</Button>}
            <JobProgress jobId={importJobId} label="Importing the demo set" testId="start-import-progress" />
          </div>
          {importError && <Notice tone="error">{importError}</Notice>}
        </Step>
        <Step index={3} title="Open a demo task in the Debugger" isDone={false} testId="start-step-debugger">
          <p className="ui-muted">Trace the buggy function, let the model explain the failure, and check its fix against the tests.</p>
          {demo ? (
            <a className="ui-button ui-button-primary ui-button-md" href={routeHref("debugger", FIRST_TASK)} data-testid="start-open-debugger">Open {FIRST_TASK} in the Debugger</a>
          ) : (
            <p className="ui-muted" data-testid="start-debugger-waits">Import the demo set first (step 2).</p>
          )}
        </Step>
      </ol>
      <section className="start-next" aria-labelledby="start-next-title" data-testid="start-next">
        <h2 id="start-next-title">Then</h2>
        <ul>
          <li><a href={routeHref("evaluate", "new")}>Evaluate a model</a>: pass@k on a task set&apos;s dev and test tasks, with and without the execution trace, every sample verified in the sandbox; or score a samples file from elsewhere.</li>
          <li><a href={routeHref("rounds", "new")}>Improve a model round by round</a>: NExT self-training on the training tasks it fails, keeping only fixes that pass every test, then <a href={routeHref("export")}>export and train</a> on them.</li>
          <li><a href={routeHref("tasks")}>Import your own tasks</a>: HumanEvalPack (HumanEvalFix, with HumanEval+ tests), MBPP, your own JSONL, or a program and its tests.</li>
        </ul>
      </section>
    </>
  );
}
