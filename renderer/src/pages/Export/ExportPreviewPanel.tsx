import { useMemo, useState } from "react";
import type { TokenStats } from "../../../../native/api/index";
import { Chart } from "../../components/Chart/Chart";
import { CodeView } from "../../components/CodeView/CodeView";
import { Facts, Notice, Panel, Select } from "../../components/ui";
import type { PreviewState } from "./usePreview";

const statsLine = (stats: TokenStats) => (stats.rows === 0 ? "no rows" : `${stats.rows} rows, ${stats.total} tokens; min ${stats.min}, median ${stats.p50}, p90 ${stats.p90}, max ${stats.max}`);

/** What the export would hold: counts and split sizes, template and tokenizer, token lengths, rows as rendered. */
export function ExportPreviewPanel({ preview }: { preview: PreviewState }) {
  const [rowId, setRowId] = useState<string | null>(null);
  const data = preview.data;
  const histogram = useMemo(() => {
    if (!data) return null;
    const { edges, counts } = data.tokens.train.histogram;
    // One bar per bin at its lower edge; valid rows are few, so the chart shows the training rows' lengths.
    // An empty bin draws no bar (null), not a marker sitting on the axis.
    return { x: counts.map((_, i) => edges[i]), series: [{ label: "Training rows", values: counts.map((count) => (count === 0 ? null : count)) }], binWidth: edges.length > 1 ? edges[1] - edges[0] : 0, yRange: [0, Math.max(1, ...counts)] as [number, number] };
  }, [data]);
  const row = data?.rows.find((candidate) => candidate.id === rowId) ?? data?.rows[0] ?? null;
  return (
    <Panel title="Preview" actions={preview.isLoading ? <span className="export-muted" role="status">Updating…</span> : undefined} data-testid="export-preview">
      {preview.error && <Notice tone={preview.error.code === "export_no_rows" ? "warning" : "error"} data-testid="export-preview-error">{preview.error.message}</Notice>}
      {!data && !preview.error && <p className="export-muted">Loading the preview…</p>}
      {data && (
        <>
          <div className="export-preview-grid">
            <Facts data-testid="export-counts" items={[
              ["Rows", `${data.counts.rows} of ${data.counts.kept} kept samples (${data.counts.records} recorded)`, "export-rows"],
              ["Split", `${data.counts.train} train / ${data.counts.valid} valid, from ${data.counts.tasks} tasks`, "export-split"],
              ["Over the limit", `${data.counts.overLength} (${data.counts.excluded} left out)`],
              ["Template", `${data.template.id}${data.template.isFallback ? " — ChatML fallback: no model template was found; choose a base model" : " (from the model)"}`, "export-template"],
              ["Tokens", `${data.tokenizer === "model" ? "counted with the model's tokenizer" : "estimated (characters / 4)"}`],
              ["Train lengths", statsLine(data.tokens.train)],
              ["Valid lengths", statsLine(data.tokens.valid)],
            ]} />
            {histogram && histogram.x.length > 0 && (
              <Chart title="Token length of training rows" kind="bars" x={histogram.x} xLabel={`tokens (bins of ${histogram.binWidth})`} yLabel="rows" series={histogram.series} height={200} yRange={histogram.yRange}
                summary={`${data.tokens.train.rows} training rows from ${data.tokens.train.min} to ${data.tokens.train.max} tokens, median ${data.tokens.train.p50}`} data-testid="export-histogram" />
            )}
          </div>
          {data.template.isFallback && <Notice tone="warning">The rows are rendered with a ChatML fallback and token counts are estimates. Choose the base model above for its own template and tokenizer.</Notice>}
          {row && (
            <div className="export-row-view">
              <Select label={`Row (first ${data.rows.length})`} value={row.id} options={data.rows.map((candidate) => ({ value: candidate.id, label: `${candidate.id} · ${candidate.split} · ${candidate.tokens} tokens${candidate.isOverLength ? " · over the limit" : ""}` }))} onChange={setRowId} data-testid="export-row-choice" />
              <CodeView value={row.rendered} label={`Row ${row.id} rendered with the chat template`} language="text" isWrapped maxHeight={420} data-testid="export-rendered-row" />
            </div>
          )}
        </>
      )}
    </Panel>
  );
}
