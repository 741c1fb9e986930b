import { describe, expect, it } from "vitest";
import { toOpenDialogOptions } from "../../../electron/main/policy/toOpenDialogOptions.js";

describe("native path dialog options (Electron's side of the path fields)", () => {
  it("opens a folder or one file, with the task-file endings as a filter and 'All files' beside it", () => {
    expect(toOpenDialogOptions({ kind: "folder", title: "Models folder" })).toEqual({ title: "Models folder", properties: ["openDirectory"], filters: undefined });
    expect(toOpenDialogOptions({ kind: "file", extensions: [".jsonl", "json"], isMultiple: true })).toEqual({
      title: undefined,
      properties: ["openFile", "multiSelections"],
      filters: [{ name: "jsonl, json", extensions: ["jsonl", "json"] }, { name: "All files", extensions: ["*"] }],
    });
  });

  it("drops endings that are not plain names and bounds the title", () => {
    const options = toOpenDialogOptions({ kind: "file", extensions: ["*/../x", "gguf"], title: "t".repeat(500) });
    expect(options.filters?.[0].extensions).toEqual(["gguf"]);
    expect(options.title).toHaveLength(200);
  });
});
