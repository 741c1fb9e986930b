import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PowerBlockUnavailableError } from "../../../native/power/common/PowerBlocker.js";
import { selectInhibitCommand } from "../../../native/power/common/selectInhibitCommand.js";
import { createProcessBlocker } from "../../../native/power/node/createProcessBlocker.js";
import { isOnPath } from "../../../native/power/node/findOnPath.js";

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const waitFor = async (check: () => boolean, ms = 5000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

/**
 * A stand-in inhibitor: a Node process that writes its pid and idles. Used only for the process lifecycle (start,
 * hold, release, lost), because no real inhibitor can hold a block on this machine (no system bus for systemd-inhibit).
 */
function standIn(dir: string) {
  const pidFile = path.join(dir, "pid");
  const script = `require("fs").writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000);`;
  return { pidFile, blocker: createProcessBlocker("stand-in", () => ({ command: process.execPath, args: ["-e", script] })) };
}

describe("createProcessBlocker: a sleep block held by a child process", () => {
  it("the real Linux inhibitor: holds a listed block where logind answers, else refuses naming systemd-inhibit's own reason", async () => {
    const command = selectInhibitCommand({ platform: process.platform, pid: process.pid, reason: "tracetune test", hasCommand: (name) => isOnPath(name) });
    if (process.platform !== "linux" || !command) return expect(command === null || process.platform !== "linux").toBe(true);
    const blocker = createProcessBlocker(command.method, (reason) => selectInhibitCommand({ platform: "linux", pid: process.pid, reason, hasCommand: () => true })!);
    const attempt = blocker.acquire("tracetune test");
    let canListInhibitors = true;
    try {
      execFileSync("systemd-inhibit", ["--list"], { stdio: "pipe" });
    } catch {
      canListInhibitors = false;
    }
    if (canListInhibitors) {
      const block = await attempt;
      expect(execFileSync("systemd-inhibit", ["--list"], { encoding: "utf8" })).toContain("tracetune");
      await block.release();
      expect(execFileSync("systemd-inhibit", ["--list"], { encoding: "utf8" })).not.toContain("tracetune test");
    } else {
      // This machine (a container without a system bus): the real command runs and refuses; the reason is its stderr.
      const error = await attempt.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PowerBlockUnavailableError);
      expect((error as PowerBlockUnavailableError).method).toBe("systemd-inhibit");
      expect((error as PowerBlockUnavailableError).reason).toMatch(/bus/i);
    }
  });

  it("a command that does not exist is refused, not pretended", async () => {
    const blocker = createProcessBlocker("missing", () => ({ command: "tracetune-no-such-inhibitor", args: [] }));
    await expect(blocker.acquire("r")).rejects.toMatchObject({ method: "missing", reason: expect.stringMatching(/ENOENT/) });
  });

  it("stand-in lifecycle: runs while held, ends on release", async () => {
    const { pidFile, blocker } = standIn(mkdtempSync(path.join(os.tmpdir(), "tracetune-power-")));
    const block = await blocker.acquire("r");
    await waitFor(() => existsSync(pidFile));
    const pid = Number(readFileSync(pidFile, "utf8"));
    expect(isAlive(pid)).toBe(true);
    await block.release();
    await waitFor(() => !isAlive(pid));
    await block.release();
  });

  it("stand-in lifecycle: a block whose process dies is reported lost with why", async () => {
    const { pidFile, blocker } = standIn(mkdtempSync(path.join(os.tmpdir(), "tracetune-power-")));
    const block = await blocker.acquire("r");
    const lost = new Promise<string>((resolve) => block.onLost(resolve));
    await waitFor(() => existsSync(pidFile));
    process.kill(Number(readFileSync(pidFile, "utf8")), "SIGKILL");
    expect(await lost).toMatch(/SIGKILL/);
  });
});
