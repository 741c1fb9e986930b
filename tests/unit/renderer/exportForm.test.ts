import { describe, expect, it } from "vitest";
import { defaultExportForm, formFieldOf, toExportOptions } from "../../../renderer/src/pages/Export/exportForm";

describe("the Export page's options as typed → previewExport/startExport options", () => {
  it("leaves blank fields to the core's defaults and sorts the chosen rounds", () => {
    expect(toExportOptions("r", defaultExportForm)).toEqual({ options: { run: "r", includeTrace: true, systemPrompt: null, maxTokens: null, overLength: "exclude", validRatio: 0.1, model: null }, errors: {} });
    const { options } = toExportOptions("r", { ...defaultExportForm, rounds: [3, 1], includeTrace: false, systemPrompt: "Be brief.", maxTokens: "512", overLength: "keep", validRatio: "", model: " /m/base.gguf " });
    expect(options).toEqual({ run: "r", rounds: [1, 3], includeTrace: false, systemPrompt: "Be brief.", maxTokens: 512, overLength: "keep", model: "/m/base.gguf" });
  });

  it("names the field of a number that cannot be sent, and does not send it", () => {
    const { options, errors } = toExportOptions("r", { ...defaultExportForm, maxTokens: "12.5", validRatio: "1" });
    expect(Object.keys(errors).sort()).toEqual(["maxTokens", "validRatio"]);
    expect(options.maxTokens).toBeNull();
    expect(options).not.toHaveProperty("validRatio");
  });

  it("puts an API refusal beside the field its details.field names, and nowhere for other fields", () => {
    expect(formFieldOf("rounds")).toBe("rounds");
    expect(formFieldOf("out")).toBe("out");
    expect(formFieldOf("limit")).toBeNull();
    expect(formFieldOf(undefined)).toBeNull();
  });
});
