import { describe, expect, it } from "vitest";
import { applyTrainingSettings, defaultTrainingSettings } from "../../../native/training/trainingSettings.js";

describe("training settings", () => {
  it("apply a patch over the current settings, LoRA fields merged one by one", () => {
    const next = applyTrainingSettings(defaultTrainingSettings, { loraTrainerPath: "/opt/llama/llama-finetune-lora", lora: { rank: 8 } });
    expect(next).toEqual({ ...defaultTrainingSettings, loraTrainerPath: "/opt/llama/llama-finetune-lora", lora: { ...defaultTrainingSettings.lora, rank: 8 } });
    expect(applyTrainingSettings(next, { loraTrainerPath: null }).loraTrainerPath).toBeNull();
    expect(defaultTrainingSettings.corpus).toBe("chat");
    expect(applyTrainingSettings(next, { corpus: "completions" }).corpus).toBe("completions");
  });

  it("refuse a bad value naming the field", () => {
    const bad: Array<[unknown, string]> = [
      [{ loraTrainerPath: "relative/trainer" }, "loraTrainerPath"],
      [{ epochs: 0 }, "epochs"],
      [{ learningRate: -1 }, "learningRate"],
      [{ quantize: "Q5_K" }, "quantize"],
      [{ corpus: "prompts" }, "corpus"],
      [{ lora: { modules: ["q_proj"] } }, "lora.modules"],
      [{ lora: { rank: 1000 } }, "lora.rank"],
      [{ lora: { dropout: 0.1 } }, "lora.dropout"],
      [{ batch: 4 }, "batch"],
    ];
    for (const [patch, field] of bad) {
      expect(() => applyTrainingSettings(defaultTrainingSettings, patch), field).toThrow(expect.objectContaining({ code: "invalid_input", details: { field } }));
    }
  });
});
