import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

/** Runs the built CLI exactly as a user does: `node bin/tracetune.mjs …`. */
const tracetune = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, ["bin/tracetune.mjs", ...args], { encoding: "utf8", env: { ...process.env, ...env } });

beforeAll(() => {
  if (!existsSync("out/cli/tracetune.mjs")) execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
});

describe("tracetune CLI", () => {
  it("--help lists the commands and exits 0", () => {
    const result = tracetune(["--help"]);
    expect(result.status).toBe(0);
    for (const command of ["serve", "settings", "egress"]) expect(result.stdout).toContain(command);
  });

  it("an unknown command is a usage error (exit 2)", () => {
    const result = tracetune(["frobnicate"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown command 'frobnicate'");
  });

  it("settings --json reports the data dir from the flag, or from TRACETUNE_DATA_DIR", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "tracetune-cli-"));
    const fromFlag = JSON.parse(tracetune(["--data-dir", dir, "--json", "settings"]).stdout);
    expect(fromFlag).toMatchObject({ dataDir: dir, dataDirSource: "flag", host: "cli" });
    const fromEnv = JSON.parse(tracetune(["--json", "settings"], { TRACETUNE_DATA_DIR: dir }).stdout);
    expect(fromEnv).toMatchObject({ dataDir: dir, dataDirSource: "env" });
  });

  it("a corrupt settings file is a clear error naming it (exit 3) and the file is kept", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "tracetune-cli-"));
    const file = path.join(dir, "settings.json");
    writeFileSync(file, "{ nope");
    const result = tracetune(["--data-dir", dir, "settings"]);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain(file);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readFileSync(file, "utf8")).toBe("{ nope");
    const json = JSON.parse(tracetune(["--data-dir", dir, "--json", "settings"]).stdout);
    expect(json.error.code).toBe("corrupt_store");
  });

  it("serve refuses a bad --port as a usage error (exit 2)", () => {
    const result = tracetune(["--data-dir", mkdtempSync(path.join(os.tmpdir(), "tracetune-cli-")), "serve", "--port", "99999"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--port");
  });
});
