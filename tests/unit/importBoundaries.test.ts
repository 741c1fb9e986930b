import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

/** Every import/export-from statement of a file: [whole statement, specifier]. */
function importsOf(file: string): Array<{ statement: string; specifier: string }> {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^\s*(import|export)\s[^;]*?from\s+["']([^"']+)["']/gms)].map((match) => ({ statement: match[0].trim(), specifier: match[2] }));
}

const resolveFrom = (file: string, specifier: string) => (specifier.startsWith(".") ? path.relative(".", path.resolve(path.dirname(file), specifier)) : specifier);

describe("import boundaries (ARCHITECTURE.md)", () => {
  it("native/ never imports electron, react or the renderer", () => {
    const offenders = sourceFiles("native").flatMap((file) =>
      importsOf(file)
        .filter(({ specifier }) => /^(electron|react|react-dom)(\/|$)/.test(specifier) || resolveFrom(file, specifier).startsWith("renderer") || resolveFrom(file, specifier).startsWith("electron"))
        .map(({ statement }) => `${file}: ${statement}`),
    );
    expect(offenders).toEqual([]);
  });

  it("renderer/ imports native/ only as types from native/api", () => {
    const offenders = sourceFiles("renderer").flatMap((file) =>
      importsOf(file)
        .filter(({ specifier }) => resolveFrom(file, specifier).startsWith("native"))
        .filter(({ statement, specifier }) => !/^(import|export)\s+type\s/.test(statement) || !resolveFrom(file, specifier).startsWith(path.join("native", "api")))
        .map(({ statement }) => `${file}: ${statement}`),
    );
    expect(offenders).toEqual([]);
  });

  it("native/common imports nothing of ours outside native/common", () => {
    const offenders = sourceFiles("native/common").flatMap((file) =>
      importsOf(file)
        .filter(({ specifier }) => specifier.startsWith(".") && !resolveFrom(file, specifier).startsWith(path.join("native", "common")))
        .map(({ statement }) => `${file}: ${statement}`),
    );
    expect(offenders).toEqual([]);
  });
});
