import { useState } from "react";
import { api } from "../../api/client";
import { useApi } from "../../api/useApi";
import { CatalogTable } from "./CatalogTable";
import { FolderPanel } from "./FolderPanel";
import { LoadPanel } from "./LoadPanel";
import { ModelDetails } from "./ModelDetails";
import { SamplePanel } from "./SamplePanel";
import "./models.css";

/** Watched folders, the catalog, one model's details and memory estimate, load/unload, and a k-sample box. */
export function ModelsPage() {
  const folders = useApi(() => api.listModelFolders());
  const catalog = useApi(() => api.listModels());
  const gpu = useApi(() => api.getGpuInfo());
  const loaded = useApi(() => api.getLoadedModel());
  const [selected, setSelected] = useState<string | null>(null);
  const info = catalog.data?.find((m) => m.path === selected) ?? null;
  const refresh = () => {
    folders.reload();
    catalog.reload();
  };
  return (
    <section>
      <h1>Models</h1>
      <FolderPanel folders={folders.data ?? []} onChange={refresh} />
      <h2>Catalog</h2>
      {catalog.error && <p role="alert" className="error">{catalog.error.message}</p>}
      <CatalogTable models={catalog.data ?? []} selected={selected} onSelect={setSelected} />
      {info && (
        <div className="models-selected">
          <ModelDetails info={info} />
          <LoadPanel key={info.path} info={info} gpu={gpu.data} loaded={loaded.data} onChange={loaded.reload} />
        </div>
      )}
      {!info && loaded.data && <p role="status">Loaded: {loaded.data.info.name ?? loaded.data.info.fileName} ({loaded.data.backend})</p>}
      {loaded.data && <SamplePanel />}
    </section>
  );
}
