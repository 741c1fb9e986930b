import path from "node:path";
import type { RoundModel } from "../api/roundsApi.js";
import { checkRoundModel } from "./common/roundSettings.js";
import type { StoredRun } from "./common/storedRun.js";
import { RunStore } from "./node/RunStore.js";

/** A model with its file paths made absolute, so a run's record does not depend on the shell's directory. */
export function resolveRoundModel(model: RoundModel): RoundModel {
  return model.kind === "model" ? { kind: "model", path: path.resolve(model.path), loraAdapters: model.loraAdapters.map((file) => path.resolve(file)) } : model;
}

/**
 * Sets the model the run's next round samples with (the trainer calls this after training; a user can too).
 * The change is recorded with the number of rounds done, so the next round knows it needs no training. A round
 * in progress keeps the model it started with. Throws `unknown_run`, `invalid_input` naming the field.
 */
export async function setRunModel(options: { dataDir: string; run: string; model: RoundModel; by?: "set-model" | "trainer" }): Promise<StoredRun> {
  const { dataDir, run, by = "set-model" } = options;
  const model = resolveRoundModel(checkRoundModel(options.model));
  const store = new RunStore({ dataDir });
  return store.updateRun(run, (stored): StoredRun => {
    const afterRound = stored.rounds.filter((round) => round.stage === "done").length;
    return { ...stored, currentModel: model, modelHistory: [...stored.modelHistory, { model, setAt: new Date().toISOString(), afterRound, by }] };
  });
}
