import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { LlamaToolsStatus } from "../../../native/api/index.js";
import { createCore, type Core } from "../../../native/core/createCore.js";
import { llamaToolNames } from "../../../native/engines/common/llamaToolNames.js";
import { readBundledLlamaRelease } from "../../../native/engines/node/readBundledLlamaRelease.js";
import { manifestFileName } from "../../../native/engines/node/readLlamaToolsManifest.js";

const isPosix = process.platform !== "win32";
const made: string[] = [];
const tmp = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tracetune-engines-service-"));
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const tag = readBundledLlamaRelease().tag;

function fakeTools(dir: string, version: string): void {
  mkdirSync(dir, { recursive: true });
  for (const tool of llamaToolNames) {
    writeFileSync(path.join(dir, tool), `#!/bin/sh\necho "${version}" >&2\n`);
    chmodSync(path.join(dir, tool), 0o755);
  }
}

async function waitForJob(core: Core, id: string): Promise<{ status: string; result: unknown }> {
  for (;;) {
    const job = await core.api.getJob({ id });
    if (job.status !== "running") return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let core: Core | null = null;
const savedEnv = process.env.TRACETUNE_LLAMA_CPP_DIR;
afterEach(async () => {
  await core?.dispose();
  core = null;
  if (savedEnv === undefined) delete process.env.TRACETUNE_LLAMA_CPP_DIR;
  else process.env.TRACETUNE_LLAMA_CPP_DIR = savedEnv;
});

describe.skipIf(!isPosix)("the engines service", () => {
  it("with the user's own build in Settings, getLlamaTools checks its version and the build job builds nothing", async () => {
    const own = tmp();
    fakeTools(path.join(own, "bin"), `version: ${tag.replace(/^v/, "")} (build 42, commit abc1234)`);
    core = await createCore({ host: "cli", dataDir: tmp() });
    await core.api.updateSettings({ patch: { engines: { llamaCppDir: own } } });
    const status = await core.api.getLlamaTools();
    expect(status).toMatchObject({ source: "setting", dir: own, isReady: true, warning: null, binaries: { "llama-server": path.join(own, "bin", "llama-server") } });
    const job = await waitForJob(core, (await core.api.buildLlamaTools()).jobId);
    expect(job.status).toBe("done");
    expect(job.result).toEqual(status);
  });

  it("a build job over a complete build in $TRACETUNE_LLAMA_CPP_DIR is a no-op; a second call while it runs gets the same job", async () => {
    const dir = tmp();
    process.env.TRACETUNE_LLAMA_CPP_DIR = dir;
    fakeTools(path.join(dir, "bin"), "version: 0.0.0 (build 1, commit abc)");
    const binaries = Object.fromEntries(llamaToolNames.map((name) => [name, path.join("bin", name)]));
    writeFileSync(path.join(dir, manifestFileName), JSON.stringify({ tag, commit: null, targets: llamaToolNames, binaries, version: "v", cmakeFlags: [], platform: "test", builtAt: "2020-01-01T00:00:00.000Z", buildSeconds: 1 }));
    core = await createCore({ host: "cli", dataDir: tmp() });
    const first = await core.api.buildLlamaTools();
    const second = await core.api.buildLlamaTools();
    expect(second.jobId).toBe(first.jobId);
    const job = await waitForJob(core, first.jobId);
    expect(job.status).toBe("done");
    expect(job.result as LlamaToolsStatus).toMatchObject({ source: "env", dir, isReady: true, manifest: { tag, builtAt: "2020-01-01T00:00:00.000Z" } });
    expect((await core.api.listJobs()).find((j) => j.id === first.jobId)).toMatchObject({ kind: "engines.buildLlamaTools" });
  });
});
