import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadExemplars } from "../../../native/repair/exemplars.js";
import { fillTemplate, loadPromptTemplate } from "../../../native/repair/promptTemplate.js";

const shipped = JSON.parse(readFileSync("resources/prompts/next-repair-v1.json", "utf8")) as Record<string, unknown>;

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tracetune-prompts-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe("prompt templates and exemplars as data files", () => {
  it("loads the shipped template with its file hash", () => {
    const template = loadPromptTemplate("next-repair-v1");
    expect(template.id).toBe("next-repair-v1");
    expect(template.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(template.program).sort()).toEqual(["next", "none", "scratchpad"]);
  });

  it("an edited template is a different template (another hash)", () => {
    const a = loadPromptTemplate("t-a", { dir: dirWith({ "t-a.json": JSON.stringify({ ...shipped, id: "t-a" }) }) });
    const b = loadPromptTemplate("t-a", { dir: dirWith({ "t-a.json": JSON.stringify({ ...shipped, id: "t-a", system: "Be terse." }) }) });
    expect(a.hash).not.toBe(b.hash);
  });

  it("a missing or malformed template names the file and field", () => {
    const dir = dirWith({
      "bad-json.json": "{",
      "no-answer.json": JSON.stringify({ ...shipped, id: "no-answer", answer: "" }),
      "no-format.json": JSON.stringify({ ...shipped, id: "no-format", program: { next: "x", none: "y" } }),
      "wrong-id.json": JSON.stringify({ ...shipped }),
    });
    expect(() => loadPromptTemplate("absent", { dir })).toThrow(expect.objectContaining({ code: "invalid_prompt_template", details: expect.objectContaining({ field: "templateId" }) }));
    expect(() => loadPromptTemplate("bad-json", { dir })).toThrow(/bad-json\.json is not valid JSON/);
    expect(() => loadPromptTemplate("no-answer", { dir })).toThrow(/field "answer"/);
    expect(() => loadPromptTemplate("no-format", { dir })).toThrow(/field "program.scratchpad"/);
    expect(() => loadPromptTemplate("wrong-id", { dir })).toThrow(/field "id" must be "wrong-id"/);
    expect(() => loadPromptTemplate("../etc", { dir })).toThrow(/not a template name/);
  });

  it("fills placeholders once: a value holding {{x}} is not expanded again", () => {
    expect(fillTemplate("a {{x}} b {{y}} {{unknown}}", { x: "{{y}}", y: "Y" })).toBe("a {{y}} b Y {{unknown}}");
  });

  it("a malformed exemplar line names the file, line and field", () => {
    const dir = dirWith({ "exemplars.jsonl": `${readFileSync("resources/prompts/exemplars.jsonl", "utf8").split("\n")[0]}\n{"id": "x"}\n` });
    expect(() => loadExemplars({ dir })).toThrow(/exemplars\.jsonl:2: field "description"/);
  });
});
