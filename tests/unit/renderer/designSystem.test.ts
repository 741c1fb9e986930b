import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const designSystem = path.join("renderer", "src", "components", "ui");
/** The controls a page must take from the design system instead of writing them raw. */
const rawControl = /<(button|input|select|table|textarea)[\s/>]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx$/.test(entry.name) ? [full] : [];
  });
}

/** Every raw control outside the design system, as "file:line: <tag". */
export function findRawControls(files: Array<{ file: string; text: string }>): string[] {
  return files
    .filter(({ file }) => !file.startsWith(designSystem + path.sep))
    .flatMap(({ file, text }) =>
      text.split("\n").flatMap((line, index) => [...line.matchAll(rawControl)].map((match) => `${file}:${index + 1}: <${match[1]}`)),
    );
}

describe("one design system (ARCHITECTURE.md, issue 11)", () => {
  it("no page or component writes a raw button, input, select, table or textarea outside renderer/src/components/ui", () => {
    const files = sourceFiles(path.join("renderer", "src")).map((file) => ({ file, text: readFileSync(file, "utf8") }));
    expect(files.length).toBeGreaterThan(20);
    expect(findRawControls(files)).toEqual([]);
  });

  it("the check notices a raw control in a page, and leaves the design system's own alone", () => {
    const page = path.join("renderer", "src", "pages", "Demo", "Demo.tsx");
    const own = path.join(designSystem, "Button.tsx");
    expect(findRawControls([
      { file: page, text: 'export const A = () => <div>\n  <button type="button">x</button><input/>\n  <table>\n</div>;' },
      { file: own, text: "<button className=\"ui-button\" />" },
    ])).toEqual([`${page}:2: <button`, `${page}:2: <input`, `${page}:3: <table`]);
  });
});
