import { cp, mkdtemp, readFile, writeFile, appendFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createCore, type Core } from "../../../native/core/createCore.js";
import { readVersioned, withSchema, type StoreSchema } from "../../../native/storage/schemaVersion.js";

const fixture = path.resolve(import.meta.dirname, "..", "..", "fixtures", "stores-v1");

async function copyOfFixture(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "tt-stores-v1-"));
  await cp(fixture, dir, { recursive: true, filter: (source) => !source.endsWith("README.md") });
  return dir;
}

async function withCore<T>(dataDir: string, work: (core: Core) => Promise<T>): Promise<T> {
  const core = await createCore({ dataDir, host: "cli" });
  try {
    return await work(core);
  } finally {
    await core.dispose();
  }
}

describe("stores written before schema versions (tests/fixtures/stores-v1)", () => {
  it("are read as version 1, and what is written back carries schemaVersion and reads again", async () => {
    const dataDir = await copyOfFixture();
    await withCore(dataDir, async (core) => {
      const { settings } = await core.api.getSettings();
      expect(settings).toMatchObject({ theme: "dark", python: { limits: { timeoutMs: 9000 } }, engines: { allowedHosts: ["gpu-box.lan:8000"] }, input: { maxLineBytes: 32 << 20 } });
      expect(settings).not.toHaveProperty("schemaVersion");
      expect((await core.api.getTraceSettings()).budget).toBe(900);
      expect(await core.api.listModelFolders()).toEqual(["/tmp/tracetune-fixture-models"]);
      expect((await core.api.listTaskSets()).map((set) => [set.id, set.count, set.byStatus.valid])).toEqual([["demo", 24, 24], ["own-tasks", 1, 1]]);
      const demo = await core.api.listTasks({ setId: "demo" });
      expect(demo.warnings).toEqual([]);
      expect(demo.tasks.every((task) => task.status === "valid")).toBe(true);
      expect(await core.api.getContaminationReport()).toMatchObject({ trainSetIds: ["demo", "own-tasks"] });
      const task = await core.api.getTask({ id: "own-tasks/double" });
      expect(task).not.toHaveProperty("schemaVersion");
      expect(task.validation).toMatchObject({ status: "valid" });

      await core.api.updateSettings({ patch: { theme: "light" } });
      await core.api.saveTask({ setId: "own-tasks", task: { id: "triple", description: "Triple x.", buggyProgram: "def triple(x):\n    return x + 3\n", tests: ["assert triple(2) == 6"] } as never });
    });
    const settingsFile = JSON.parse(await readFile(path.join(dataDir, "settings.json"), "utf8"));
    expect(settingsFile.schemaVersion).toBe(1);
    expect(JSON.parse(await readFile(path.join(dataDir, "tasks", "index.json"), "utf8")).schemaVersion).toBe(1);
    const lines = (await readFile(path.join(dataDir, "tasks", "own-tasks", "tasks.jsonl"), "utf8")).trim().split("\n").map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.id, line.schemaVersion])).toEqual([["own-tasks/double", undefined], ["own-tasks/triple", 1]]);

    await withCore(dataDir, async (core) => {
      expect((await core.api.getSettings()).settings.theme).toBe("light");
      const own = await core.api.listTasks({ setId: "own-tasks" });
      expect(own.warnings).toEqual([]);
      expect(own.tasks.map((task) => task.id).sort()).toEqual(["own-tasks/double", "own-tasks/triple"]);
    });
  });

  it("a store from a newer tracetune is refused naming the file (and line), and left untouched", async () => {
    const dataDir = await copyOfFixture();
    const settingsFile = path.join(dataDir, "settings.json");
    const newer = JSON.stringify({ schemaVersion: 2, ...JSON.parse(await readFile(settingsFile, "utf8")) });
    await writeFile(settingsFile, newer);
    await expect(createCore({ dataDir, host: "cli" })).rejects.toMatchObject({
      code: "unsupported_schema_version",
      message: `${settingsFile} was written by a newer tracetune (settings schema version 2; this version reads up to 1). Update tracetune to read it; the file was left untouched.`,
    });
    expect(await readFile(settingsFile, "utf8")).toBe(newer);

    const other = await copyOfFixture();
    const tasksFile = path.join(other, "tasks", "demo", "tasks.jsonl");
    const first = JSON.parse((await readFile(tasksFile, "utf8")).split("\n")[0]);
    await appendFile(tasksFile, JSON.stringify({ ...first, schemaVersion: 7, sourceId: "x" }) + "\n");
    await withCore(other, async (core) => {
      await expect(core.api.listTasks({ setId: "demo" })).rejects.toMatchObject({ code: "unsupported_schema_version", details: { file: tasksFile, line: 25, found: 7, supported: 1 } });
    });
  });
});

describe("readVersioned", () => {
  const schema: StoreSchema = {
    name: "round record",
    version: 3,
    migrations: {
      1: ({ score, ...rest }) => ({ ...rest, checkScore: score }),
      2: (value) => ({ ...value, tags: [] }),
    },
  };

  it("migrates an older record step by step, an unversioned one as version 1, and strips the version", () => {
    expect(readVersioned({ score: 0.5 }, { schema, file: "r.jsonl", line: 3 })).toEqual({ checkScore: 0.5, tags: [] });
    expect(readVersioned({ schemaVersion: 2, checkScore: 1 }, { schema, file: "r.jsonl" })).toEqual({ checkScore: 1, tags: [] });
    expect(readVersioned(withSchema({ checkScore: 1, tags: ["a"] }, schema), { schema, file: "r.jsonl" })).toEqual({ checkScore: 1, tags: ["a"] });
    expect(withSchema({ a: 1 }, schema)).toEqual({ schemaVersion: 3, a: 1 });
  });

  it("refuses a newer, malformed or unmigratable version naming file and line", () => {
    expect(() => readVersioned({ schemaVersion: 4 }, { schema, file: "r.jsonl", line: 9 })).toThrow("r.jsonl:9 was written by a newer tracetune (round record schema version 4; this version reads up to 3)");
    expect(() => readVersioned({ schemaVersion: "2" }, { schema, file: "r.jsonl", line: 2 })).toThrow('r.jsonl:2 has round record schema version "2", which this version cannot read');
    expect(() => readVersioned({ schemaVersion: 1 }, { schema: { name: "x", version: 2 }, file: "x.json" })).toThrow("x.json has x schema version 1, which this version cannot read (it reads 1 to 2)");
  });
});
