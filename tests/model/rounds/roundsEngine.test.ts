import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PythonRuntime } from "../../../native/python/index.js";
import { resolveEngine } from "../../../native/engines/node/resolveEngine.js";
import { openedEngineModel } from "../../../native/rounds/node/openRoundModel.js";
import { prepareRun } from "../../../native/rounds/node/prepareRun.js";
import { runRounds } from "../../../native/rounds/node/runRounds.js";
import { RunStore } from "../../../native/rounds/node/RunStore.js";
import { OpenAiSamplingBackend } from "../../../native/sampling/OpenAiSamplingBackend.js";
import { findBuiltLlamaTools, startLlamaServer, type RunningLlamaServer } from "../engines/startLlamaServer.js";
import { ensureTestModel } from "../gguf/ensureTestModel.js";
import { makeRoundsDataDir, quietJob, roundsDeps, roundsGrammar } from "./roundsFixture.js";

const { tools, skipReason } = await findBuiltLlamaTools();
const why = skipReason ? ` (skipped: ${skipReason})` : "";

let runtime: PythonRuntime;
let server: RunningLlamaServer;

beforeAll(async () => {
  if (skipReason) return;
  const model = await ensureTestModel({ size: "tiny" });
  runtime = await PythonRuntime.start();
  // Two slots of 4096 tokens: a repair prompt of the tiny model's byte-level vocabulary needs ~1500.
  server = await startLlamaServer({ binary: tools.binaries["llama-server"]!, model, parallel: 2, contextSize: 8192 });
});
afterAll(async () => {
  await server?.dispose();
  await runtime?.dispose();
});

describe.skipIf(skipReason !== null)(`a round on a serving engine (the real llama-server)${why}`, () => {
  it("samples through the engine and records its URL, model id and server props in every receipt", async () => {
    const { dataDir, taskStore } = await makeRoundsDataDir(runtime);
    const engine = { url: server.origin };
    const deps = {
      ...roundsDeps({ dataDir, taskStore, runtime, backend: null! }),
      openModel: async () => {
        const info = await resolveEngine({ target: engine, allowedHosts: [] });
        return openedEngineModel({ backend: new OpenAiSamplingBackend({ baseUrl: info.baseUrl, model: info.model, parallelRequests: 2 }), engine: info });
      },
    };
    const store = new RunStore({ dataDir });
    await prepareRun({ store, taskStore, hasTrainer: false, args: { name: "e1", taskSetIds: ["demo"], model: { kind: "engine", engine }, k: 2, hardN: 1, hardM: 1, evalN: 0, fewShot: 0, maxTokens: 40, temperature: 2, seed: 3, grammar: roundsGrammar } });
    await runRounds({ deps, store, name: "e1", job: quietJob() });
    const run = await store.readRun("e1");
    expect(run).toMatchObject({ state: "done", rounds: [{ stage: "done", modelIdentity: { kind: "engine", url: `${server.origin}/v1` } }] });
    const records = await store.readSamples("e1", 1);
    expect(run.rounds[0].hardSet!.length, "this seed leaves a hard task").toBeGreaterThan(0);
    expect(records.length).toBe(run.rounds[0].hardSet!.length * 2);
    expect(new Set(records.map((record) => record.verdict)).size, JSON.stringify(records.map((record) => [record.verdict, record.completion]))).toBeGreaterThan(0);
    for (const record of records) {
      expect(record.receipt.model).toMatchObject({ kind: "engine", url: `${server.origin}/v1`, modelId: expect.any(String) });
      expect(record.receipt.model.kind === "engine" && record.receipt.model.serverProps).toBeTruthy();
    }
  }, 900_000);
});
