// Runs after `npm ci` / `npm install` in this project:
// 1. tries to fetch the Electron binary (npm 11 does not run electron's own install script), and never fails
//    the install when it cannot: `npm start` then serves the same UI as a local web app;
// 2. builds the app, so `npm start` and the `tracetune` bin work straight after install.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { findElectronBinary } from "./findElectronBinary.mjs";

if (!existsSync("node_modules/electron")) {
  // Installed as a dependency of something else, or with --omit=dev: nothing to do here.
} else if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.log("tracetune: ELECTRON_SKIP_BINARY_DOWNLOAD is set, so no Electron binary; `npm start` will serve the web UI.");
} else if (!findElectronBinary().binary) {
  const result = spawnSync(process.execPath, ["node_modules/electron/install.js"], { stdio: "pipe", timeout: 180_000, encoding: "utf8" });
  if (result.status === 0 && findElectronBinary().binary) console.log("tracetune: Electron binary installed.");
  else console.log("tracetune: could not download the Electron binary (offline?); `npm start` will serve the web UI instead.");
}

if (existsSync("scripts/build.mjs") && existsSync("node_modules/electron-vite")) {
  const build = spawnSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
