import { useState } from "react";
import type { ScanResult } from "../../../../native/api/index";
import { api } from "../../api/client";
import type { ApiError } from "../../api/transport";
import { PathField } from "../../components/PathField/PathField";
import { Button, Notice, Panel } from "../../components/ui";

/** Watched folders: add one (scanned at once), rescan all, stop watching; broken files are listed by name. */
export function FolderPanel({ folders, onChange }: { folders: string[]; onChange: () => void }) {
  const [folder, setFolder] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [broken, setBroken] = useState<ScanResult["broken"]>([]);
  const [isBusy, setIsBusy] = useState(false);
  const run = async (work: () => Promise<ScanResult[]>) => {
    setIsBusy(true);
    try {
      const results = await work();
      setBroken(results.flatMap((r) => r.broken));
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
      <form className="ui-row" onSubmit={(event) => (event.preventDefault(), void run(async () => [await api.addModelFolder({ folder })]))}>
        <PathField label="Folder path" kind="folder" value={folder} onChange={setFolder} placeholder="/path/to/models" className="grow" />
        <Button type="submit" variant={folders.length === 0 ? "primary" : "secondary"} disabled={folder.trim() === "" || isBusy}>Add folder</Button>
      </form>
      {error && <Notice tone="error">{error}</Notice>}
      {broken.length > 0 && (
        <Notice tone="warning" data-testid="broken-models">
          {broken.length} file(s) could not be read:
          <ul>{broken.map((b) => <li key={b.path}>{b.message}</li>)}</ul>
        </Notice>
      )}
    </Panel>
  );
}
