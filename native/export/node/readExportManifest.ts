import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ExportManifest } from "../../api/exportApi.js";
import { InvalidInputError } from "../../common/TracetuneError.js";

/** The manifest.json of an export dir. Throws `invalid_input` naming the file when it is missing, not JSON, or not an export manifest. */
export async function readExportManifest(dir: string): Promise<ExportManifest> {
  const file = path.join(path.resolve(dir), "manifest.json");
  const text = await readFile(file, "utf8").catch(() => null);
  if (text === null) throw new InvalidInputError(`${file} does not exist: ${dir} is not a finished export (run \`tracetune export\`).`, { field: "exportDir", file });
  let manifest: ExportManifest;
  try {
    manifest = JSON.parse(text) as ExportManifest;
  } catch (error) {
    throw new InvalidInputError(`${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}).`, { field: "exportDir", file });
  }
  if (manifest?.formatVersion !== 1 || !manifest.files || !manifest.template) throw new InvalidInputError(`${file} is not a tracetune export manifest (formatVersion 1 with files and template).`, { field: "exportDir", file });
  return manifest;
}
