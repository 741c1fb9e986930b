import type { CatalogEntry } from "../../../../native/api/index";
import { formatBytes, formatCount } from "./formatBytes";

/** The catalog: one row per registered file; parts, projectors and adapters are labelled and not selectable. */
export function CatalogTable({ models, selected, onSelect }: { models: CatalogEntry[]; selected: string | null; onSelect: (path: string) => void }) {
  if (models.length === 0) return <p>No models found yet.</p>;
  return (
    <table className="models-table" data-testid="model-catalog">
      <thead>
        <tr><th>Name</th><th>Kind</th><th>Architecture</th><th>Parameters</th><th>Quant</th><th>Trained ctx</th><th>Layers</th><th>Size</th></tr>
      </thead>
      <tbody>
        {models.map((m) => (
          <tr key={m.path} className={m.path === selected ? "selected" : undefined} title={m.path}>
            <td>
              {m.kind === "model"
                ? <button type="button" className="link" onClick={() => onSelect(m.path)}>{m.name ?? m.fileName}</button>
                : (m.name ?? m.fileName)}
            </td>
            <td>{m.kind}{m.part ? ` ${m.part.index}/${m.part.count}` : ""}</td>
            <td>{m.architecture}</td>
            <td>{formatCount(m.parameterCount)}</td>
            <td>{m.quantization ?? "?"}</td>
            <td>{m.trainedContextLength ?? "?"}</td>
            <td>{m.layerCount}</td>
            <td>{formatBytes(m.sizeBytes)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
