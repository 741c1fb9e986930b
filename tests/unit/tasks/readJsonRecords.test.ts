import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readJsonRecords, type JsonRecord } from "../../../native/tasks/importers/readJsonRecords.js";

async function collect(file: string): Promise<JsonRecord[]> {
  const records: JsonRecord[] = [];
  for await (const record of readJsonRecords({ file })) records.push(record);
  return records;
}

describe("readJsonRecords", () => {
  it("reports a malformed line with its number and keeps reading", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tt-records-"));
    const file = path.join(dir, "mixed.jsonl");
    await writeFile(file, '{"a": 1}\n\n{"a": 2\n{"a": 3}\n');
    const records = await collect(file);
    expect(records.map((r) => r.line)).toEqual([1, 3, 4]);
    expect(records[1].error).toMatch(/not valid JSON/);
    expect(records[2].value).toEqual({ a: 3 });
  });

  it("reports a line that is not valid UTF-8 by number, and reads multi-byte text split across chunks", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tt-records-"));
    const file = path.join(dir, "latin1.jsonl");
    const long = "é".repeat(70_000); // crosses the stream's 64 KiB chunks mid-character
    await writeFile(file, Buffer.concat([Buffer.from(`{"a": "${long}"}\n`), Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d, 0x0a]), Buffer.from('{"a": "ok"}\n')]));
    const records = await collect(file);
    expect(records.map((r) => [r.line, r.error])).toEqual([[1, null], [2, "not valid UTF-8"], [3, null]]);
    expect((records[0].value as { a: string }).a).toBe(long);
  });

  it("reads gzipped JSONL and JSON arrays (numbered by index + 1)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tt-records-"));
    await writeFile(path.join(dir, "x.jsonl.gz"), gzipSync('{"b": 1}\n{"b": 2}\n'));
    await writeFile(path.join(dir, "x.json"), '[{"c": 1}, {"c": 2}, {"c": 3}]');
    expect((await collect(path.join(dir, "x.jsonl.gz"))).map((r) => r.value)).toEqual([{ b: 1 }, { b: 2 }]);
    expect((await collect(path.join(dir, "x.json"))).map((r) => r.line)).toEqual([1, 2, 3]);
  });

  it("names the file when it is missing or not an array", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tt-records-"));
    await expect(collect(path.join(dir, "nope.jsonl"))).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining("nope.jsonl: no such file") });
    await writeFile(path.join(dir, "obj.json"), '{"c": 1}');
    await expect(collect(path.join(dir, "obj.json"))).rejects.toThrow(/obj\.json: a \.json task file must hold one top-level array/);
  });
});
