import { useEffect, useState } from "react";
import type { ExportManifest } from "../../../../native/api/index";
import { api } from "../../api/client";
import { useApi } from "../../api/useApi";
import { navigate, routeHref } from "../../app/route";
import { EmptyState, Notice, PageHeader, Panel, Select } from "../../components/ui";
import { Button } from "../../components/ui";
import { ExportOptionsForm } from "./ExportOptionsForm";
import { ExportPreviewPanel } from "./ExportPreviewPanel";
import { ExportWritePanel } from "./ExportWritePanel";
import { defaultExportForm, toExportOptions, type ExportForm } from "./exportForm";
import { TrainingPanel } from "./TrainingPanel";
import { usePreview } from "./usePreview";
import "./export.css";

/**
 * Training sets from a run's kept samples (`#/export/<run>`): options, a preview of rows rendered with the
 * chat template and their token lengths, the export as a job with its manifest, and training on the export.
 */
export function ExportPage({ params }: { params: string[] }) {
  const [run] = params;
  const runs = useApi(() => api.listRoundRuns(), []);
  const [form, setForm] = useState<ExportForm>(defaultExportForm);
  const [manifest, setManifest] = useState<{ dir: string; manifest: ExportManifest } | null>(null);
  // A different run starts from the defaults: its rounds differ.
  useEffect(() => setForm(defaultExportForm), [run]);
  const { options, errors } = toExportOptions(run ?? "", form);
  const preview = usePreview(run ? options : null, Object.keys(errors).length === 0);
  const selected = runs.data?.find((candidate) => candidate.name === run) ?? null;

  const runOptions = [{ value: "", label: "Choose a run…" }, ...(runs.data ?? []).map((candidate) => ({ value: candidate.name, label: `${candidate.name} (${candidate.rounds.reduce((sum, r) => sum + r.kept, 0)} kept, ${candidate.state})` }))];
  return (
    <div className="export-page" data-testid="export-page">
      <PageHeader title="Export" lead="Turn a run's kept (rationale, fix) samples into training files for llama.cpp, MLX-LM, TRL and axolotl, then train and hand the result to the run's next round." />
      {runs.error && <Notice tone="error">{runs.error.message}</Notice>}
      {!runs.isLoading && (runs.data?.length ?? 0) === 0 && (
        <EmptyState title="No runs to export" action={<Button variant="primary" onClick={() => navigate(routeHref("rounds", "new"))}>New run</Button>}>
          An export takes the kept samples of a run of rounds. Start a run on the Rounds page first.
        </EmptyState>
      )}
      {(runs.data?.length ?? 0) > 0 && (
        <Panel title="Source">
          <div className="export-row">
            <Select label="Run" value={run ?? ""} options={runOptions} onChange={(name) => navigate(routeHref("export", ...(name ? [name] : [])))} data-testid="export-run" />
          </div>
          {run && !selected && !runs.isLoading && <Notice tone="error">There is no run "{run}".</Notice>}
          {selected && <ExportOptionsForm run={selected} form={form} onChange={setForm} errors={{ ...errors, ...preview.fieldErrors }} />}
        </Panel>
      )}
      {selected && <ExportPreviewPanel preview={preview} />}
      {selected && <ExportWritePanel run={selected.name} options={options} isBlocked={Object.keys(errors).length > 0} onExported={(dir, written) => setManifest({ dir, manifest: written })} />}
      {selected && <TrainingPanel run={selected} exported={manifest} baseModel={form.model} />}
    </div>
  );
}
