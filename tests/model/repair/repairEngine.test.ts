// `tracetune repair --engine` against the real llama-server (built from the bundled release) serving the tiny model,
// its output forced by a grammar file; and the allowed-hosts rule before any connection.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBuiltLlamaTools, startLlamaServer, type RunningLlamaServer } from "../engines/startLlamaServer.js";
import { ensureTestModel } from "../gguf/ensureTestModel.js";
import { gbnfLiteral } from "./gbnfLiteral.js";

const { tools, skipReason } = await findBuiltLlamaTools();
const why = skipReason ? ` (skipped: ${skipReason})` : "";
const fence = "```";
const buggy = "def total(xs):\n    s = 0\n    for x in xs:\n        s -= x\n    return s\n";
const fixed = buggy.replace("s -= x", "s += x");
let dir: string;
let server: RunningLlamaServer;
const tracetune = (args: string[]) => spawnSync(process.execPath, ["bin/tracetune.mjs", "--data-dir", path.join(dir, "data"), ...args], { encoding: "utf8", timeout: 240_000 });
const file = (name: string, text: string) => {
  const target = path.join(dir, name);
  writeFileSync(target, text);
  return target;
};

beforeAll(() => {
  if (!existsSync("out/cli/tracetune.mjs")) execFileSync("flock", ["/tmp/tracetune-build.lock", process.execPath, "scripts/build.mjs"], { stdio: "inherit" });
  dir = mkdtempSync(path.join(os.tmpdir(), "tracetune-repair-engine-"));
});

describe("tracetune repair --engine", () => {
  it("refuses a host that is neither loopback nor allowed, before connecting (exit 3)", () => {
    const result = tracetune(["repair", "--program", file("p.py", buggy), "--tests", file("t.py", "assert total([4]) == 4\n"), "--engine", "http://10.255.1.2:8080", "--json"]);
    expect(result.status).toBe(3);
    expect(JSON.parse(result.stdout).error.code).toBe("engine_host_not_allowed");
  });

  describe.skipIf(skipReason !== null)(`on the real llama-server${why}`, () => {
    beforeAll(async () => {
      // One slot: the whole 2048-token context is the per-request context llama-server reports in /props.
      server = await startLlamaServer({ binary: tools.binaries["llama-server"]!, model: await ensureTestModel({ size: "tiny" }), parallel: 1, contextSize: 2048 });
    });
    afterAll(async () => {
      await server?.dispose();
    });

    it("samples grammar-forced fixes from the engine and records its URL, model id and server props", () => {
      const answer = `Rationale: total([4]) returns -4.\nFixed program:\n${fence}python\n${fixed}${fence}`;
      const result = tracetune([
        "repair", "--program", file("p.py", buggy), "--tests", file("t.py", "assert total([]) == 0\nassert total([4]) == 4\n"), "--engine", server.origin,
        "--k", "2", "--seed", "11", "--max-tokens", "300", "--few-shot", "0", "--grammar-file", file("fix.gbnf", gbnfLiteral(answer)), "--json",
      ]);
      expect(result.status, result.stderr + server.log().slice(-2000)).toBe(0);
      const output = JSON.parse(result.stdout);
      expect(output.samples.map((s: { index: number; seed: number; verdict: string }) => [s.index, s.seed, s.verdict])).toEqual([[0, 11, "pass"], [1, 12, "pass"]]);
      expect(output.samples[0]).toMatchObject({ code: fixed, completion: answer, checkScore: 1 });
      expect(output.model).toMatchObject({ kind: "engine", url: `${server.origin}/v1`, model: expect.any(String) });
      expect(output.model.serverProps.default_generation_settings.n_ctx).toBe(2048);
      expect(output.prompt).toMatchObject({ tokenizer: "estimate", budget: { contextSize: 2048, maxTokens: 300 } });
    });
  });
});
