import { useEffect, useState } from "react";
import type { ModelInfo } from "../../../../native/api/index";
import { api } from "../../api/client";
import { useApi } from "../../api/useApi";
import { routeHref } from "../../app/route";
import { Notice, PageHeader, Panel } from "../../components/ui";
import { CatalogTable } from "./CatalogTable";
import { FolderPanel } from "./FolderPanel";
import { LoadPanel } from "./LoadPanel";
import { ModelDetails } from "./ModelDetails";
import { SamplePanel } from "./SamplePanel";
import "./models.css";

/** The context a model is estimated and loaded with: one set of fields for both, so they cannot disagree. */
export interface ContextChoice {
  contextSize: number;
  /** "auto" or a whole number, as typed. */
  gpuLayers: string;
  sequences: number;
}

const initialChoice = (info: ModelInfo): ContextChoice => ({ contextSize: Math.min(4096, info.trainedContextLength ?? 4096), gpuLayers: "auto", sequences: 8 });

/**
 * Watched folders, the catalog, one model's details, memory estimate and load (routed: `#/models/<file path>`),
 * and a k-sample box once a model is loaded.
 */
export function ModelsPage({ selectedPath }: { selectedPath: string | null }) {
  const folders = useApi(() => api.listModelFolders());
  const catalog = useApi(() => api.listModels());
  const gpu = useApi(() => api.getGpuInfo());
  const loaded = useApi(() => api.getLoadedModel());
  const info = catalog.data?.find((m) => m.path === selectedPath) ?? null;
  const [choice, setChoice] = useState<ContextChoice | null>(null);
  useEffect(() => setChoice(info ? initialChoice(info) : null), [info?.path]);
  useEffect(() => {
    if (info) document.getElementById("model-selected")?.scrollIntoView({ block: "start" });
  }, [info?.path]);
  const refresh = () => {
    folders.reload();
    catalog.reload();
  };
  // Watched folders announce added, removed and finished-copying files: the catalog follows without a rescan.
  const [watched, setWatched] = useState<{ copying: string[]; broken: Array<{ path: string; message: string }> }>({ copying: [], broken: [] });
  useEffect(
    () =>
      api.subscribe((event) => {
        if (event.topic !== "models") return;
        setWatched({ copying: event.payload.copying, broken: event.payload.broken });
        catalog.reload();
      }),
    [catalog.reload],
  );
  return (
    <>
      <PageHeader title="Models" lead="GGUF files on this machine: where they are, what they need, and a quick try once one is loaded." />
      <div className="ui-stack">
        <FolderPanel folders={folders.data ?? []} onChange={refresh} watched={watched} />
        <Panel title="Catalog">
          {catalog.error && <Notice tone="error">{catalog.error.message}</Notice>}
          <CatalogTable models={catalog.data ?? []} selected={selectedPath} />
          {selectedPath && catalog.data && !info && <Notice tone="warning" data-testid="model-not-found">No model at {selectedPath} in the catalog. <a href={routeHref("models")}>Back to the catalog</a></Notice>}
        </Panel>
        {info && choice && (
          <div className="models-selected" id="model-selected">
            <ModelDetails info={info} choice={choice} onChoice={setChoice} />
            <LoadPanel key={info.path} info={info} gpu={gpu.data} loaded={loaded.data} choice={choice} onChoice={setChoice} onChange={loaded.reload} />
          </div>
        )}
        {loaded.data ? <SamplePanel /> : <Notice tone="info" data-testid="sample-needs-model">Load a model to try it here: pick one in the catalog, then Load.</Notice>}
      </div>
    </>
  );
}
