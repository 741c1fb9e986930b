import { useState } from "react";
import type { ScanResult } from "../../../../native/api/index";
import { api } from "../../api/client";
import type { ApiError } from "../../api/transport";
import { PathField } from "../../components/PathField/PathField";
import { Button, Notice, Panel } from "../../components/ui";

/** Watched folders: add one (scanned at once), rescan all, stop watching; broken files are listed by name. */
export function FolderPanel({ folders, onChange, watched }: { folders: string[]; onChange: () => void; watched: { copying: string[]; broken: Array<{ path: string; message: string }> } }) {
  const [folder, setFolder] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [scanned, setScanned] = useState<{ broken: ScanResult["broken"]; copying: string[] }>({ broken: [], copying: [] });
  const [isBusy, setIsBusy] = useState(false);
  // What the last scan here found, updated by the folder watcher's events since.
  const broken = watched.broken.length > 0 || watched.copying.length > 0 ? watched.broken : scanned.broken;
  const copying = watched.broken.length > 0 || watched.copying.length > 0 ? watched.copying : scanned.copying;
  const run = async (work: () => Promise<ScanResult[]>) => {
    setIsBusy(true);
    try {
      const results = await work();
      setScanned({ broken: results.flatMap((r) => r.broken), copying: results.flatMap((r) => (r.copying ?? []).map((file) => file.path)) });
      setError(null);
      onChange();
    } catch (failure) {
      setError((failure as ApiError).message);
    } finally {
      setIsBusy(false);
    }
  };
  return (
    <Panel title="Watched folders" actions={folders.length > 0 && <Button onClick={() => run(() => api.scanModels({}))} disabled={isBusy}>Rescan</Button>}>
      <ul className="folder-list" data-testid="model-folders">
        {folders.map((f) => (
          <li key={f}>
            <code>{f}</code>
            <Button size="sm" variant="ghost" onClick={() => run(async () => (await api.removeModelFolder({ folder: f }), []))} aria-label={`Stop watching ${f}`}>Stop watching</Button>
          </li>
        ))}
        {folders.length === 0 && <li className="ui-muted">No folders yet. Pick the folder where your GGUF files are (LM Studio&apos;s or Jan&apos;s models folder works); models are registered in place, never copied.</li>}
      </ul>
      <form className="ui-row ui-row-fields" onSubmit={(event) => (event.preventDefault(), void run(async () => { const result = await api.addModelFolder({ folder }); setFolder(""); return [result]; }))}>
        <PathField label="Folder path" kind="folder" value={folder} onChange={setFolder} placeholder="/path/to/models" className="grow" />
        <Button type="submit" variant={folders.length === 0 ? "primary" : "secondary"} disabled={folder.trim() === "" || isBusy}>Add folder</Button>
      </form>
      {error && <Notice tone="error">{error}</Notice>}
      {copying.length > 0 && (
        <Notice tone="info" data-testid="copying-models">
          Still being copied (read once the file has been quiet for a few seconds):
          <ul>{copying.map((file) => <li key={file} className="ui-mono">{file}</li>)}</ul>
        </Notice>
      )}
      {broken.length > 0 && (
        <Notice tone="warning" data-testid="broken-models">
          {broken.length} file(s) could not be read:
          <ul>{broken.map((b) => <li key={b.path}>{b.message}</li>)}</ul>
        </Notice>
      )}
    </Panel>
  );
}
