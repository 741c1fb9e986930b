import { useState, type DragEvent } from "react";
import type { ImportableFormat, ImportReport } from "../../../../native/api/index";
import { api } from "../../api/client";
import type { ApiError } from "../../api/transport";
import { jobStore } from "../../api/useJobs";
import { JobProgress } from "../../components/JobProgress/JobProgress";
import { PathField } from "../../components/PathField/PathField";
import { Button, Notice, Panel, Select, TextArea, TextField } from "../../components/ui";
import { ImportReportView } from "./ImportReportView";

const formats: Array<{ value: ImportableFormat; label: string }> = [
  { value: "jsonl", label: "jsonl: our JSONL schema (docs/tasks.md)" },
  { value: "pair", label: "pair: a program file and a tests file" },
  { value: "humanevalfix", label: "humanevalfix: humanevalpack-python.jsonl" },
  { value: "hefix-plus", label: "hefix-plus: humanevalpack-python.jsonl and HumanEvalPlus.jsonl.gz" },
  { value: "mbpp", label: "mbpp: mbpp.jsonl or sanitized-mbpp.json" },
];

/**
 * Imports files the core can read (paths on the machine running the core, completed as you type), files
 * dropped on the panel (stored in the data dir first: a browser gives contents, not paths), or the shipped demo
 * set; progress shows here and in the tray, then the import report.
 */
export function ImportPanel({ onImported, hasDemo }: { onImported: () => void; hasDemo: boolean }) {
  const [format, setFormat] = useState<ImportableFormat>("jsonl");
  const [paths, setPaths] = useState("");
  const [nextPath, setNextPath] = useState("");
  const [setId, setSetId] = useState("");
  const [jobId, setJobId] = useState<string | null>(null);
  const [isRunning, setIsRunning] = useState(false);
  const [isDragging, setIsDragging] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const follow = async (start: () => Promise<{ jobId: string }>) => {
    setError(null);
    setReport(null);
    setIsRunning(true);
    try {
      const job = await jobStore.runJob(start, setJobId);
      if (job.status === "done") setReport(job.result as ImportReport);
      else setError(job.error?.message ?? `Import ${job.status}.`);
    } catch (failure) {
      setError((failure as ApiError).message);
    } finally {
      setIsRunning(false);
      onImported();
    }
  };

  const files = paths.split("\n").map((line) => line.trim()).filter(Boolean);
  const addPath = () => {
    if (nextPath.trim() === "") return;
    setPaths((previous) => [...previous.split("\n").filter((line) => line.trim() !== ""), nextPath.trim()].join("\n"));
    setNextPath("");
  };
  const onDrop = async (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setIsDragging(false);
    const dropped = [...event.dataTransfer.files];
    if (dropped.length === 0) return;
    try {
      const stored = await Promise.all(dropped.map(async (file) => (await api.saveUpload({ name: file.name, text: await file.text() })).path));
      setPaths((previous) => [...previous.split("\n").filter((line) => line.trim() !== ""), ...stored].join("\n"));
      setError(null);
    } catch (failure) {
      setError((failure as ApiError).message);
    }
  };

  return (
    <Panel
      title="Import"
      data-testid="import-panel"
      className={`import-panel${isDragging ? " is-dragging" : ""}`}
      onDragOver={(event) => (event.preventDefault(), setIsDragging(true))}
      onDragLeave={() => setIsDragging(false)}
      onDrop={(event) => void onDrop(event)}
    >
      <div className="ui-row import-demo">
        <Button variant={hasDemo ? "secondary" : "primary"} data-testid="import-demo" disabled={isRunning} onClick={() => follow(() => api.importDemoTasks({}))}>{hasDemo ? "Import the demo set again" : "Import the demo set"}</Button>
        <span className="ui-muted">{hasDemo ? "It is in; importing again changes nothing unless its files changed." : "24 buggy functions written for tracetune, validated as they import."}</span>
      </div>
      <p className="ui-muted">Files are read where tracetune runs: type a path (it completes as you type) or drop files on this panel.</p>
      <div className="import-form">
        <Select label="Format" data-testid="import-format" value={format} onChange={setFormat} options={formats} />
        <div className="ui-row ui-row-fields">
          <PathField label="Add a file" kind="file" extensions={["jsonl", "json", "gz", "py", "txt"]} value={nextPath} onChange={setNextPath} placeholder="/path/to/tasks.jsonl" className="grow" />
          <Button onClick={addPath} disabled={nextPath.trim() === ""}>Add</Button>
        </div>
        <TextArea label="Files (one path per line)" isCode data-testid="import-paths" rows={2} value={paths} onChange={(event) => setPaths(event.target.value)} placeholder="/path/to/tasks.jsonl" />
        <TextField label="Set id (optional)" hint="default: from the format or the first file's name" data-testid="import-set" value={setId} onChange={(event) => setSetId(event.target.value)} />
      </div>
      <div className="ui-row import-actions">
        <Button variant={files.length > 0 ? "primary" : "secondary"} data-testid="import-start" disabled={files.length === 0 || isRunning} onClick={() => follow(() => api.importTasks({ format, files, setId: setId.trim() || undefined }))}>Import</Button>
        <JobProgress jobId={jobId} label="Import" testId="import-progress" />
      </div>
      {error && <Notice tone="error" data-testid="import-error">{error}</Notice>}
      {report && <ImportReportView report={report} />}
    </Panel>
  );
}
