// Where the Electron binary is, or why there is none. The `electron` npm package installs fine without its
// binary (npm 11 skips its download script unless allowed, and the download fails offline).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export function findElectronBinary() {
  const packageDir = path.resolve("node_modules/electron");
  if (!existsSync(packageDir)) return { binary: null, reason: "the electron package is not installed" };
  const pathFile = path.join(packageDir, "path.txt");
  if (!existsSync(pathFile)) return { binary: null, reason: "the Electron binary is not installed (it could not be downloaded)" };
  const binary = path.join(packageDir, "dist", readFileSync(pathFile, "utf8").trim());
  if (!existsSync(binary)) return { binary: null, reason: `the Electron binary is missing at ${binary}` };
  return { binary, reason: null };
}
