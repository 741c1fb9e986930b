// `npm run bench [-- NAME…]`: runs each tests/bench/*.bench.ts (or those whose name contains NAME) in turn.
// Each benchmark prints its own side-by-side measurements and ratios; see docs/benchmarks.md.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";

const filters = process.argv.slice(2);
const files = readdirSync("tests/bench").filter((file) => file.endsWith(".bench.ts")).filter((file) => filters.length === 0 || filters.some((f) => file.includes(f))).sort();
if (files.length === 0) {
  console.error(`bench: no benchmark matches ${filters.join(", ") || "(none in tests/bench)"}`);
  process.exit(2);
}
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const status = spawnSync(process.execPath, ["--import", "tsx", `tests/bench/${file}`], { stdio: "inherit" }).status;
  if (status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
