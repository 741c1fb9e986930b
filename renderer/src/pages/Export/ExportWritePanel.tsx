import { useEffect, useState } from "react";
import type { ExportManifest, ExportOptions } from "../../../../native/api/index";
import { api } from "../../api/client";
import type { ApiError } from "../../api/transport";
import { jobStore } from "../../api/useJobs";
import { CodeView } from "../../components/CodeView/CodeView";
import { JobProgress } from "../../components/JobProgress/JobProgress";
import { PathField } from "../../components/PathField/PathField";
import { Button, Facts, Notice, Panel, Table } from "../../components/ui";

/** A fresh folder name under the data dir's exports/, so a second export never meets a non-empty folder. */
function suggestedFolder(dataDir: string, run: string): string {
  const separator = dataDir.includes("\\") && !dataDir.includes("/") ? "\\" : "/";
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*$/, "").replace("T", "-");
  return [dataDir.replace(/[\\/]$/, ""), "exports", `${run}-${stamp}`].join(separator);
}

/** Writes the export as a job; then the folder, the files and the manifest (what trainers and receipts need). */
export function ExportWritePanel({ run, options, isBlocked, onExported }: { run: string; options: Omit<ExportOptions, "out">; isBlocked: boolean; onExported: (dir: string, manifest: ExportManifest) => void }) {
  const [out, setOut] = useState("");
  const [jobId, setJobId] = useState<string | null>(null);
  const [outError, setOutError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [written, setWritten] = useState<{ dir: string; manifest: ExportManifest } | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  useEffect(() => {
    let isCurrent = true;
    api.getSettings().then((view) => isCurrent && setOut(suggestedFolder(view.dataDir, run)), () => {});
    return () => {
      isCurrent = false;
    };
  }, [run]);

  const start = async () => {
    setError(null);
    setOutError(null);
    setIsBusy(true);
    const dir = out.trim();
    try {
      const job = await jobStore.runJob(() => api.startExport({ ...options, out: dir }), setJobId);
      if (job.status === "done") {
        const manifest = job.result as ExportManifest;
        setWritten({ dir, manifest });
        onExported(dir, manifest);
      } else if (job.status === "failed" && job.error?.details?.field === "out") {
        // A refusal found once the job looked at the folder belongs beside the folder field (said once, there).
        setOutError(job.error.message);
        setJobId(null);
      }
    } catch (failure) {
      const apiError = failure as ApiError;
      if (apiError.details?.field === "out") setOutError(apiError.message);
      else setError(apiError.message);
    } finally {
      setIsBusy(false);
    }
  };

  const manifest = written?.manifest;
  return (
    <Panel title="Export" data-testid="export-write">
      <div className="export-row">
        <PathField label="Export folder" kind="folder" value={out} onChange={setOut} className="export-grow" hint="Created; must be empty or absent." error={outError} data-testid="export-out" />
        <Button variant="primary" onClick={() => void start()} disabled={isBlocked || isBusy || out.trim() === ""} data-testid="export-start">Export</Button>
      </div>
      {error && <Notice tone="error" data-testid="export-error">{error}</Notice>}
      <JobProgress jobId={jobId} label="Export" testId="export-progress" />
      {written && manifest && (
        <div className="export-result" data-testid="export-result">
          <Notice tone="success">Exported {manifest.counts.rows} rows to <code className="export-path" data-testid="export-folder">{written.dir}</code></Notice>
          <Facts data-testid="export-manifest-counts" items={[
            ["Rows", `${manifest.counts.rows} (${manifest.counts.train} train / ${manifest.counts.valid} valid)`, "export-manifest-rows"],
            ["Tasks", `${manifest.split.trainTaskIds.length} train / ${manifest.split.validTaskIds.length} valid`],
            ["Left out", `${manifest.counts.excluded} (${manifest.overLength.rowIds.length} over ${manifest.overLength.maxTokens} tokens, ${manifest.contamination.contaminatedTaskIds.length} contaminated tasks)`],
            ["Template", `${manifest.template.id}${manifest.template.isFallback ? " (ChatML fallback)" : ""}`],
            ["Model", manifest.model ? `${manifest.model.name ?? manifest.model.file} (${manifest.model.architecture})` : "none (fallback)"],
          ]} />
          <Table caption="Files of the export" data-testid="export-files">
            <thead><tr><th scope="col">File</th><th scope="col" className="num">Rows</th><th scope="col">sha256</th></tr></thead>
            <tbody>
              {Object.entries(manifest.files).map(([file, info]) => (
                <tr key={file}><td className="export-path">{file}</td><td className="num">{info.rows ?? "—"}</td><td className="export-hash">{info.sha256.slice(0, 12)}…</td></tr>
              ))}
            </tbody>
          </Table>
          {manifest.trainers.length > 0 && (
            <details className="export-details">
              <summary>Train elsewhere: MLX-LM, TRL, axolotl</summary>
              {manifest.trainers.map((recipe) => (
                <div key={recipe.trainer} className="export-recipe">
                  <strong>{recipe.trainer}</strong> <span className="export-muted">(options checked against {recipe.version}{recipe.config ? `; config ${recipe.config}` : ""})</span>
                  <CodeView value={`${recipe.command}\n# back to GGUF:\n${recipe.toGguf}`} label={`${recipe.trainer} command`} language="text" isWrapped hasLineNumbers={false} />
                </div>
              ))}
            </details>
          )}
          <CodeView value={JSON.stringify(manifest, null, 2)} label="manifest.json" language="json" maxHeight={320} data-testid="export-manifest" />
        </div>
      )}
    </Panel>
  );
}
