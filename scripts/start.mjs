// `npm start [-- --web] [-- --port N --data-dir DIR]`: the Electron app when its binary is installed and a
// display exists; otherwise (or with --web) the local web host, printing the URL to open.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { findElectronBinary } from "./findElectronBinary.mjs";

const args = process.argv.slice(2);
const forceWeb = args.includes("--web");
const passThrough = args.filter((arg) => arg !== "--web");

if (!existsSync("out/cli/tracetune.mjs") || !existsSync("out/renderer/index.html") || process.env.TRACETUNE_REBUILD) {
  const build = spawnSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const { binary, reason } = findElectronBinary();
const hasDisplay = process.platform !== "linux" || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
let child;
if (!forceWeb && binary && hasDisplay) {
  const dataDir = passThrough.indexOf("--data-dir");
  const electronArgs = dataDir >= 0 ? [".", `--data-dir=${passThrough[dataDir + 1]}`] : ["."];
  child = spawn(binary, electronArgs, { stdio: "inherit" });
} else {
  if (!forceWeb) console.log(`tracetune: ${binary ? "no display found" : reason}; starting the local web host instead.`);
  const globalFlags = [];
  const serveFlags = [];
  for (let i = 0; i < passThrough.length; i += 1) {
    const target = passThrough[i] === "--data-dir" ? globalFlags : serveFlags;
    target.push(passThrough[i]);
    if (passThrough[i + 1] !== undefined && !passThrough[i + 1].startsWith("--")) target.push(passThrough[(i += 1)]);
  }
  child = spawn(process.execPath, ["bin/tracetune.mjs", ...globalFlags, "serve", ...serveFlags], { stdio: "inherit" });
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
