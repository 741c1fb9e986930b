import type { CatalogEntry } from "../../../../native/api/index";
import { routeHref } from "../../app/route";
import { EmptyState, Table } from "../../components/ui";
import { formatBytes, formatCount } from "./formatBytes";

/** The folder a file sits in, relative to its watched folder ("." at the top), so equal names can be told apart. */
function folderOf(entry: CatalogEntry): string {
  const relative = entry.path.startsWith(entry.folder) ? entry.path.slice(entry.folder.length).replace(/^[\\/]/, "") : entry.path;
  const parts = relative.split(/[\\/]/);
  return parts.length > 1 ? parts.slice(0, -1).join("/") : ".";
}

/**
 * The catalog: one row per registered file, with its file name and folder (two files may hold models of the
 * same name); a model's name links to its route. Parts, projectors and adapters are labelled, not openable.
 */
export function CatalogTable({ models, selected }: { models: CatalogEntry[]; selected: string | null }) {
  if (models.length === 0) {
    return <EmptyState title="No models found yet" data-testid="no-models">Add a folder that holds GGUF files above. tracetune registers them in place and never copies them.</EmptyState>;
  }
  return (
    <Table caption="Model catalog" data-testid="model-catalog">
      <thead>
        <tr><th>Name and file</th><th>Kind</th><th>Architecture</th><th className="num">Parameters</th><th>Quant</th><th className="num">Trained ctx</th><th className="num">Layers</th><th className="num">Size</th></tr>
      </thead>
      <tbody>
        {models.map((m) => (
          <tr key={m.path} className={m.path === selected ? "is-selected" : undefined} aria-selected={m.path === selected}>
            <td>
              {m.kind === "model" ? <a href={routeHref("models", m.path)} className="catalog-name">{m.name ?? m.fileName}</a> : <span className="catalog-name">{m.name ?? m.fileName}</span>}
              <div className="catalog-file ui-muted" title={m.path}>{m.fileName} · {folderOf(m)}</div>
            </td>
            <td>{m.kind}{m.part ? ` ${m.part.index}/${m.part.count}` : ""}</td>
            <td>{m.architecture}</td>
            <td className="num">{formatCount(m.parameterCount)}</td>
            <td>{m.quantization ?? "?"}</td>
            <td className="num">{m.trainedContextLength ?? "?"}</td>
            <td className="num">{m.layerCount}</td>
            <td className="num">{formatBytes(m.sizeBytes)}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
