import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CoreContext } from "../../../native/core/CoreContext";
import { createFilesService } from "../../../native/files/createFilesService";

const root = mkdtempSync(path.join(os.tmpdir(), "tracetune-files-"));
mkdirSync(path.join(root, "models", "Qwen"), { recursive: true });
mkdirSync(path.join(root, ".hidden"));
writeFileSync(path.join(root, "models", "tiny.gguf"), "");
writeFileSync(path.join(root, "models", "notes.txt"), "");
writeFileSync(path.join(root, "tasks.jsonl"), "");
symlinkSync(path.join(root, "models"), path.join(root, "linked"));
symlinkSync(path.join(root, "gone"), path.join(root, "broken-link"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const files = createFilesService({} as CoreContext);

describe("files service (path field completion)", () => {
  it("lists folders first, then files, hides dot entries, follows links and drops broken ones", async () => {
    const listing = await files.listDirectory({ path: root });
    expect(listing.folder).toBe(root);
    expect(listing.parent).toBe(path.dirname(root));
    expect(listing.entries.map((e) => `${e.kind}:${e.name}`)).toEqual(["folder:linked", "folder:models", "file:tasks.jsonl"]);
  });

  it("filters files by ending and kind, and keeps folders to walk into", async () => {
    expect((await files.listDirectory({ path: path.join(root, "models"), extensions: ["gguf"] })).entries.map((e) => e.name)).toEqual(["Qwen", "tiny.gguf"]);
    expect((await files.listDirectory({ path: path.join(root, "models"), kind: "folder" })).entries.map((e) => e.name)).toEqual(["Qwen"]);
  });

  it("completes a partial path from its last separator, case-insensitively", async () => {
    const completion = await files.completePath({ partial: `${root}/mo` });
    expect(completion.entries.map((e) => e.path)).toEqual([path.join(root, "models")]);
    expect((await files.completePath({ partial: `${root}/models/Q` })).entries.map((e) => e.name)).toEqual(["Qwen"]);
    expect((await files.completePath({ partial: `${root}/models/t`, extensions: ["gguf"] })).entries.map((e) => e.name)).toEqual(["tiny.gguf"]);
  });

  it("completes a missing folder to nothing, but a listing of one names it", async () => {
    expect((await files.completePath({ partial: `${root}/nowhere/x` })).entries).toEqual([]);
    await expect(files.listDirectory({ path: path.join(root, "nowhere") })).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining(`${path.join(root, "nowhere")}" does not exist`) });
    await expect(files.listDirectory({ path: path.join(root, "tasks.jsonl") })).rejects.toMatchObject({ message: expect.stringContaining("is not a folder") });
  });

  it("resolves ~ to the home folder", async () => {
    expect((await files.listDirectory({ path: "~", limit: 1 })).folder).toBe(os.homedir());
  });
});

describe("saveUpload (files dropped on the web page)", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "tracetune-uploads-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const uploads = createFilesService({ dataDir } as CoreContext);

  it("stores the text under the data dir's uploads folder, never overwriting an earlier drop", async () => {
    const first = await uploads.saveUpload({ name: "tasks.jsonl", text: '{"id": "a"}\n' });
    const second = await uploads.saveUpload({ name: "tasks.jsonl", text: "other\n" });
    expect(path.dirname(first.path)).toBe(path.join(dataDir, "uploads"));
    expect(first.path).toMatch(/tasks\.jsonl$/);
    expect(second.path).not.toBe(first.path);
    expect(readFileSync(first.path, "utf8")).toBe('{"id": "a"}\n');
    expect(first.bytes).toBe(12);
  });

  it("refuses a name with folders in it", async () => {
    await expect(uploads.saveUpload({ name: "../escape.jsonl", text: "" })).rejects.toMatchObject({ code: "invalid_input", details: { field: "name" } });
    await expect(uploads.saveUpload({ name: "..", text: "" })).rejects.toMatchObject({ code: "invalid_input" });
  });
});
