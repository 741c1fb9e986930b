import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CorruptStoreError, openJsonStore } from "../../../native/storage/openJsonStore.js";

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), "tracetune-store-"));

describe("openJsonStore", () => {
  it("starts from the defaults when the file does not exist, and writes atomically", async () => {
    const file = path.join(tempDir(), "nested", "settings.json");
    const db = await openJsonStore({ file, defaults: { count: 0 } });
    expect(db.data).toEqual({ count: 0 });
    await db.update((data) => (data.count = 3));
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ schemaVersion: 1, count: 3 });
    expect(readdirSync(path.dirname(file))).toEqual(["settings.json"]); // no temp file left behind
    const reopened = await openJsonStore({ file, defaults: { count: 0 } });
    expect(reopened.data.count).toBe(3);
  });

  it("refuses a corrupt file with an error naming it, and never overwrites it", async () => {
    const file = path.join(tempDir(), "settings.json");
    writeFileSync(file, '{"count": 3,,}');
    const error = await openJsonStore({ file, defaults: { count: 0 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptStoreError);
    expect((error as CorruptStoreError).code).toBe("corrupt_store");
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain("not valid JSON");
    expect(readFileSync(file, "utf8")).toBe('{"count": 3,,}');
  });

  it("refuses a file whose top level is not an object, or that fails validation", async () => {
    const dir = tempDir();
    const arrayFile = path.join(dir, "a.json");
    writeFileSync(arrayFile, "[1,2]");
    await expect(openJsonStore({ file: arrayFile, defaults: {} })).rejects.toThrow(/a\.json.*not a JSON object/);
    const badField = path.join(dir, "b.json");
    writeFileSync(badField, '{"theme": 42}');
    await expect(openJsonStore({ file: badField, defaults: { theme: "system" }, validate: () => 'setting "theme" has an invalid value 42' })).rejects.toThrow(/b\.json.*"theme"/);
    expect(readFileSync(badField, "utf8")).toBe('{"theme": 42}');
  });

  it("reports an unreadable path (a directory) by name", async () => {
    const dir = tempDir();
    const error = await openJsonStore({ file: dir, defaults: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptStoreError);
    expect((error as Error).message).toContain(dir);
  });
});
