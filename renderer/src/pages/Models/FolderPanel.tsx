import { useState } from "react";
import type { ScanResult } from "../../../../native/api/index";
import { api } from "../../api/client";
import type { ApiError } from "../../api/transport";

/** Watched folders: add one (scanned at once), rescan all, stop watching; broken files are listed by name. */
export function FolderPanel({ folders, onChange }: { folders: string[]; onChange: () => void }) {
  const [folder, setFolder] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [broken, setBroken] = useState<ScanResult["broken"]>([]);
  const run = async (work: () => Promise<ScanResult[]>) => {
    try {
      const results = await work();
      setBroken(results.flatMap((r) => r.broken));
      setError(null);
      onChange();
    } catch (failure) {
      setError((failure as ApiError).message);
    }
  };
  return (
    <div className="models-folders">
      <h2>Watched folders</h2>
      <ul data-testid="model-folders">
        {folders.map((f) => (
          <li key={f}>
            <code>{f}</code>{" "}
            <button type="button" onClick={() => run(async () => (await api.removeModelFolder({ folder: f }), []))}>Stop watching</button>
          </li>
        ))}
        {folders.length === 0 && <li>No folders yet. Models are registered in place, never copied.</li>}
      </ul>
      <form onSubmit={(event) => (event.preventDefault(), run(async () => [await api.addModelFolder({ folder })]))}>
        <input aria-label="Folder path" placeholder="/path/to/models" value={folder} onChange={(event) => setFolder(event.target.value)} size={50} />{" "}
        <button type="submit" disabled={folder.trim() === ""}>Add folder</button>{" "}
        <button type="button" onClick={() => run(() => api.scanModels({}))}>Rescan</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      {broken.length > 0 && (
        <ul className="error" data-testid="broken-models">
          {broken.map((b) => <li key={b.path}>{b.message}</li>)}
        </ul>
      )}
    </div>
  );
}
