// Issue 4 (JS side): after scrubJsRealm(), no JavaScript value reachable from what Python can hold leads to a
// function constructor, eval, require, a host module or the process's native doors. A worker thread loads
// Pyodide as the interpreter worker does and walks its whole object graph (jsRealm/walkJsGraph.ts). The walk runs
// without --disallow-code-generation-from-strings, so it checks the scrub alone.
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Worker } from "node:worker_threads";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RealmWalkOptions, RealmWalkResult } from "./jsRealm/realmWalkWorker.js";

let bundleDir: string;
let walkEntry: string;
const pyodideDir = dirname(createRequire(import.meta.url).resolve("pyodide/package.json"));

beforeAll(async () => {
  bundleDir = mkdtempSync(join(tmpdir(), "tracetune-realm-walk-"));
  walkEntry = join(bundleDir, "realmWalkWorker.mjs");
  await build({ entryPoints: [join(import.meta.dirname, "jsRealm/realmWalkWorker.ts")], outfile: walkEntry, bundle: true, platform: "node", format: "esm", target: "node20", logLevel: "warning" });
});
afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

function walkRealm(options: Omit<RealmWalkOptions, "pyodideDir">): Promise<RealmWalkResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(walkEntry, { workerData: { pyodideDir, ...options } satisfies RealmWalkOptions, env: {} });
    worker.once("message", (result: RealmWalkResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

describe("scrubJsRealm", () => {
  it("leaves no route from Pyodide's objects, jsglobals or globalThis to a code compiler or a host door, and Python still runs", async () => {
    const result = await walkRealm({ shouldScrub: true, shouldReportSourceUses: false });
    if (result.findings.length > 0) console.info("routes left after the scrub:\n" + result.findings.map((finding) => `  ${finding.danger}: ${finding.path}`).join("\n"));
    expect(result.findings).toEqual([]);
    // A walk that saw little would prove little: the whole realm is some 30 000 objects.
    expect(result.visited).toBeGreaterThan(10_000);
    expect(result.pythonWorks).toBe(true);
    // Pyodide's own functions that eval a string or require() a module by name now refuse.
    for (const [probe, outcome] of Object.entries(result.probes)) expect(outcome, probe).toMatch(/^refused/);
  });

  it("the walk finds the routes in an unscrubbed realm (so a clean walk means something)", async () => {
    const result = await walkRealm({ shouldScrub: false, shouldReportSourceUses: false });
    const paths = result.findings.map((finding) => `${finding.danger}: ${finding.path}`);
    // The known exploit, the route Pyodide keeps for its test suite, and the global names.
    expect(paths).toContain("Function: pyodide.runPython.constructor");
    expect(paths).toContain("Function: pyodide._api.tests.Function");
    expect(paths).toContain("AsyncFunction: pyodide.loadPackage.constructor");
    expect(paths).toContain("eval: globalThis.eval");
    expect(paths).toContain("process.getBuiltinModule: globalThis.process.getBuiltinModule");
    for (const outcome of Object.values(result.probes)) expect(outcome).toBe("ran");
  });
});
