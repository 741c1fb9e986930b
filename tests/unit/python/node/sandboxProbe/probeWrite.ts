// A write to a host folder, as Pyodide's NODEFS would make it if a program ever mounted one: the error code
// the process's permission model answers with ("written" if the write went through).
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export function probeWrite(hostDir: string, name: string): string {
  try {
    writeFileSync(join(hostDir, name), "x");
    return "written";
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}
