import { describe, expect, it } from "vitest";
import { selectInhibitCommand } from "../../../native/power/common/selectInhibitCommand.js";

const every = () => true;
const none = () => false;

describe("selectInhibitCommand: the platform's sleep inhibitor, tied to the core's pid", () => {
  it("macOS: caffeinate -i -w pid", () => {
    expect(selectInhibitCommand({ platform: "darwin", pid: 42, reason: "r", hasCommand: every })).toEqual({ method: "caffeinate", command: "caffeinate", args: ["-i", "-w", "42"] });
  });

  it("Linux: systemd-inhibit blocking idle and sleep around a command that ends with the pid", () => {
    const command = selectInhibitCommand({ platform: "linux", pid: 7, reason: "round r1", hasCommand: every });
    expect(command).toEqual({
      method: "systemd-inhibit",
      command: "systemd-inhibit",
      args: ["--what=idle:sleep", "--who=tracetune", "--why=round r1", "--mode=block", "tail", "--pid=7", "-f", "/dev/null"],
    });
  });

  it("Windows: PowerShell holding SetThreadExecutionState(ES_CONTINUOUS | ES_SYSTEM_REQUIRED) until the pid ends", () => {
    const command = selectInhibitCommand({ platform: "win32", pid: 9, reason: "r", hasCommand: every })!;
    expect(command.method).toBe("SetThreadExecutionState");
    expect(command.command).toBe("powershell");
    expect(command.args.at(-1)).toContain("SetThreadExecutionState(0x80000001)");
    expect(command.args.at(-1)).toContain("Wait-Process -Id 9");
  });

  it("null where the inhibitor is missing or the platform has none, so the app says it cannot keep awake", () => {
    for (const platform of ["darwin", "linux", "win32", "freebsd"]) expect(selectInhibitCommand({ platform, pid: 1, reason: "r", hasCommand: none })).toBeNull();
    expect(selectInhibitCommand({ platform: "freebsd", pid: 1, reason: "r", hasCommand: every })).toBeNull();
    expect(selectInhibitCommand({ platform: "linux", pid: 1, reason: "r", hasCommand: (name) => name !== "systemd-inhibit" })).toBeNull();
  });
});
