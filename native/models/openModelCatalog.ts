import path from "node:path";
import type { Low } from "lowdb";
import type { CatalogEntry } from "../api/modelsApi.js";
import { openJsonStore } from "../storage/openJsonStore.js";
import { storeSchemas } from "../storage/schemaVersion.js";

/** `models.json` in the data dir: watched folders and the files found in them (registered in place). */
export interface ModelCatalogDocument {
  folders: string[];
  models: CatalogEntry[];
}

export function openModelCatalog(options: { dataDir: string }): Promise<Low<ModelCatalogDocument>> {
  return openJsonStore<ModelCatalogDocument>({
    file: path.join(options.dataDir, "models.json"),
    schema: storeSchemas.modelCatalog,
    defaults: { folders: [], models: [] },
    validate: (data) => {
      const doc = data as Partial<ModelCatalogDocument>;
      if (doc.folders !== undefined && (!Array.isArray(doc.folders) || doc.folders.some((f) => typeof f !== "string"))) return 'field "folders" is not a list of paths';
      if (doc.models !== undefined && (!Array.isArray(doc.models) || doc.models.some((m) => typeof m?.path !== "string"))) return 'field "models" is not a list of model entries';
      return null;
    },
  });
}
