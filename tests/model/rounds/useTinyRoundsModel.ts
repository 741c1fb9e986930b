import { afterAll, beforeAll } from "vitest";
import { PythonRuntime } from "../../../native/python/index.js";
import { LocalSamplingBackend } from "../../../native/sampling/LocalSamplingBackend.js";
import { ensureTestModel } from "../gguf/ensureTestModel.js";

/**
 * The tiny model (4 parallel sequences, CPU) and a real sandbox for a rounds test file: started before its tests,
 * disposed after them. Read the fields inside a test (they are set in beforeAll).
 */
export function useTinyRoundsModel(): { runtime: PythonRuntime; backend: LocalSamplingBackend; modelPath: string } {
  const fixture = {} as { runtime: PythonRuntime; backend: LocalSamplingBackend; modelPath: string };
  beforeAll(async () => {
    fixture.modelPath = await ensureTestModel({ size: "tiny" });
    [fixture.runtime, fixture.backend] = await Promise.all([PythonRuntime.start(), LocalSamplingBackend.create({ modelPath: fixture.modelPath, gpu: "cpu", parallelSequences: 4 })]);
  });
  afterAll(async () => {
    await fixture.backend?.dispose();
    await fixture.runtime?.dispose();
  });
  return fixture;
}
