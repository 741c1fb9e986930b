#!/usr/bin/env node
// The CLI entry of package.json's "bin". The CLI is built by `npm run build` (run by `npm ci`'s postinstall).
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const built = fileURLToPath(new URL("../out/cli/tracetune.mjs", import.meta.url));
if (!existsSync(built)) {
  process.stderr.write("tracetune: the CLI is not built yet. Run: npm run build\n");
  process.exit(4);
}
await import(pathToFileURL(built).href);
