import { useState } from "react";
import type { ImportableFormat, ImportReport, JobState } from "../../../../native/api/index";
import { api } from "../../api/client";
import type { ApiError } from "../../api/transport";

const formats: Array<{ id: ImportableFormat; hint: string }> = [
  { id: "jsonl", hint: "our JSONL schema (docs/tasks.md)" },
  { id: "pair", hint: "a program file and a tests file" },
  { id: "humanevalfix", hint: "humanevalpack-python.jsonl" },
  { id: "hefix-plus", hint: "humanevalpack-python.jsonl and HumanEvalPlus.jsonl.gz" },
  { id: "mbpp", hint: "mbpp.jsonl or sanitized-mbpp.json" },
];

/**
 * Imports files the core can read (paths on the machine running the core), or the shipped demo set, with a
 * progress bar fed by job events and the import report: malformed lines and invalid tasks.
 */
export function ImportPanel({ jobs, onImported }: { jobs: Map<string, JobState>; onImported: () => void }) {
  const [format, setFormat] = useState<ImportableFormat>("jsonl");
  const [paths, setPaths] = useState("");
  const [setId, setSetId] = useState("");
  const [jobId, setJobId] = useState<string | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const job = jobId ? jobs.get(jobId) : undefined;

  const follow = async (started: Promise<{ jobId: string }>) => {
    setError(null);
    setReport(null);
    try {
      const { jobId: id } = await started;
      setJobId(id);
      for (;;) {
        const state = await api.getJob({ id });
        if (state.status !== "running") {
          if (state.status === "done") setReport(state.result as ImportReport);
          else setError(state.error?.message ?? `Import ${state.status}.`);
          onImported();
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    } catch (failure) {
      setError((failure as ApiError).message);
    }
  };

  const files = paths.split("\n").map((line) => line.trim()).filter(Boolean);
  return (
    <div className="tasks-panel" data-testid="import-panel">
      <h2>Import</h2>
      <p><button type="button" data-testid="import-demo" onClick={() => follow(api.importDemoTasks({}))}>Import the demo set</button> (24 buggy functions written for tracetune)</p>
      <div className="tasks-form">
        <label htmlFor="import-format">Format</label>
        <select id="import-format" data-testid="import-format" value={format} onChange={(event) => setFormat(event.target.value as ImportableFormat)}>
          {formats.map((entry) => <option key={entry.id} value={entry.id}>{entry.id}: {entry.hint}</option>)}
        </select>
        <label htmlFor="import-paths">Files (one path per line)</label>
        <textarea id="import-paths" data-testid="import-paths" rows={2} value={paths} onChange={(event) => setPaths(event.target.value)} placeholder="/path/to/tasks.jsonl" />
        <label htmlFor="import-set">Set id (optional)</label>
        <input id="import-set" type="text" data-testid="import-set" value={setId} onChange={(event) => setSetId(event.target.value)} />
      </div>
      <p><button type="button" data-testid="import-start" disabled={files.length === 0 || job?.status === "running"} onClick={() => follow(api.importTasks({ format, files, setId: setId.trim() || undefined }))}>Import</button></p>
      {job && job.status === "running" && (
        <p role="status">
          <progress data-testid="import-progress" value={job.done} max={job.total ?? undefined} /> {job.done}{job.total !== null ? ` / ${job.total}` : ""}
          {job.etaMs !== null ? ` · about ${Math.ceil(job.etaMs / 1000)} s left` : ""}
        </p>
      )}
      {error && <p role="alert" className="error" data-testid="import-error">{error}</p>}
      {report && (
        <div data-testid="import-report" className="tasks-report">
          <p>Set <b>{report.setId}</b>: {report.seen} read, <span data-testid="report-added">{report.added}</span> added, {report.updated} updated, {report.unchanged} unchanged, {report.validated} validated.</p>
          {report.problems.length > 0 && (
            <>
              <p className="error">{report.problems.length} record(s) or file(s) could not be imported (malformed or empty):</p>
              <ul data-testid="import-problems">{report.problems.map((p, i) => <li key={i}>{p.file.split(/[\\/]/).pop()}{p.line === null ? "" : `:${p.line}`}: {p.reason}</li>)}</ul>
            </>
          )}
          {report.invalid.length > 0 && (
            <>
              <p className="error">{report.invalid.length} task(s) failed validation (kept, left out of rounds):</p>
              <ul data-testid="import-invalid">{report.invalid.map((t) => <li key={t.taskId}>{t.taskId}: {t.reason}{t.detail ? ` (${t.detail})` : ""}</li>)}</ul>
            </>
          )}
        </div>
      )}
    </div>
  );
}
