import { stat } from "node:fs/promises";
import path from "node:path";
import { InvalidInputError, toWireError } from "../common/TracetuneError.js";
import { readModelInfo } from "./readModelInfo.js";

/**
 * Checks each LoRA adapter path before a load starts, so a wrong one fails the call itself, names the adapter
 * (not "Model file") and its index in `loraAdapters`, and never touches the model that is loaded now.
 */
export async function checkLoraAdapters(adapters: unknown): Promise<string[]> {
  if (adapters === undefined) return [];
  if (!Array.isArray(adapters)) throw new InvalidInputError('Field "loraAdapters" must be a list of LoRA adapter GGUF paths.', { field: "loraAdapters" });
  const resolved: string[] = [];
  for (const [index, adapter] of adapters.entries()) {
    const field = `loraAdapters[${index}]`;
    if (typeof adapter !== "string" || adapter === "") throw new InvalidInputError(`Field "${field}" must be a LoRA adapter GGUF path.`, { field: "loraAdapters", index });
    const file = path.resolve(adapter);
    const stats = await stat(file).catch(() => null);
    if (!stats?.isFile()) throw new InvalidInputError(`LoRA adapter ${file} (${field}) does not exist or is not a file.`, { field: "loraAdapters", index, file });
    let kind: string;
    try {
      kind = (await readModelInfo({ file })).info.kind;
    } catch (error) {
      const wire = toWireError(error);
      throw new InvalidInputError(`LoRA adapter ${file} (${field}) cannot be read: ${String(wire.details.reason ?? wire.message)}.`, { field: "loraAdapters", index, file, reason: wire.details.reason ?? wire.message });
    }
    if (kind !== "adapter") throw new InvalidInputError(`${file} (${field}) is a ${kind} file, not a LoRA adapter GGUF (general.type is not "adapter").`, { field: "loraAdapters", index, file });
    resolved.push(file);
  }
  return resolved;
}
