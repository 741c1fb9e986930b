/** A command that blocks idle sleep for as long as it runs, and ends by itself when `pid` ends. */
export interface InhibitCommand {
  /** Shown to the user: what blocks sleep. */
  method: "caffeinate" | "systemd-inhibit" | "SetThreadExecutionState";
  command: string;
  args: string[];
}

/**
 * The platform's sleep inhibitor for the core process `pid`, or null where none exists (then the app says it
 * cannot keep the computer awake rather than pretending). Each command watches `pid` itself, so a core that is
 * killed (SIGKILL, a crash) never leaves a machine that cannot sleep:
 * - macOS: `caffeinate -i -w pid` (prevent idle sleep until pid exits);
 * - Linux: `systemd-inhibit --what=idle:sleep … tail --pid=pid -f /dev/null` when systemd-inhibit exists (the
 *   inhibitor holds the lock while its child runs; `tail --pid` ends with pid, unlike `sleep infinity`);
 * - Windows: PowerShell calling SetThreadExecutionState(ES_CONTINUOUS | ES_SYSTEM_REQUIRED) on a thread that then
 *   waits for pid (the state holds while that thread lives).
 */
export function selectInhibitCommand(options: { platform: string; pid: number; reason: string; hasCommand: (name: string) => boolean }): InhibitCommand | null {
  const { platform, pid, reason, hasCommand } = options;
  if (platform === "darwin") return hasCommand("caffeinate") ? { method: "caffeinate", command: "caffeinate", args: ["-i", "-w", String(pid)] } : null;
  if (platform === "linux") {
    if (!hasCommand("systemd-inhibit") || !hasCommand("tail")) return null;
    return {
      method: "systemd-inhibit",
      command: "systemd-inhibit",
      args: ["--what=idle:sleep", "--who=tracetune", `--why=${reason}`, "--mode=block", "tail", `--pid=${pid}`, "-f", "/dev/null"],
    };
  }
  if (platform === "win32") {
    if (!hasCommand("powershell")) return null;
    const script = [
      "$signature = '[DllImport(\"kernel32.dll\")] public static extern uint SetThreadExecutionState(uint flags);'",
      "$power = Add-Type -MemberDefinition $signature -Name Power -Namespace Tracetune -PassThru",
      // ES_CONTINUOUS | ES_SYSTEM_REQUIRED: no idle sleep while this thread lives.
      "if ($power::SetThreadExecutionState(0x80000001) -eq 0) { exit 1 }",
      `Wait-Process -Id ${pid}`,
    ].join("; ");
    return { method: "SetThreadExecutionState", command: "powershell", args: ["-NoProfile", "-NonInteractive", "-Command", script] };
  }
  return null;
}
