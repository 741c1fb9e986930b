// `npm test`: build, unit and model tests (vitest), then the end-to-end tests (Playwright in Debian Chromium).
// Ends with one plain summary line "N passed, N failed, N skipped" summed over both runners.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";

const run = (args, env = {}) => spawnSync(process.execPath, args, { stdio: "inherit", env: { ...process.env, ...env } }).status ?? 1;
mkdirSync("test-results", { recursive: true });

if (run(["scripts/build.mjs"]) !== 0) process.exit(1);
const unitStatus = run(["node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/vitest.json"]);
const e2eStatus = run(["node_modules/@playwright/test/cli.js", "test"], { PLAYWRIGHT_JSON_OUTPUT_NAME: "test-results/playwright.json" });

const totals = { passed: 0, failed: 0, skipped: 0 };
// Failures are repeated last, beside the summary: a CI log often keeps only its tail, and the runners print
// them far above it.
const failures = [];
const firstLine = (text) => String(text ?? "").replace(/\u001b\[[0-9;]*m/g, "").trim().split("\n").slice(0, 3).join(" | ").slice(0, 400);
try {
  const unit = JSON.parse(readFileSync("test-results/vitest.json", "utf8"));
  totals.passed += unit.numPassedTests;
  totals.failed += unit.numFailedTests;
  totals.skipped += unit.numPendingTests + (unit.numTodoTests ?? 0);
  // Each suite's duration, slowest first: CI must stay under 45 minutes, and this says where the time goes.
  const durations = unit.testResults.map((suite) => [suite.name.replace(`${process.cwd()}/`, ""), (suite.endTime - suite.startTime) / 1000]);
  console.log("\nsuite durations (vitest, files run 2 at a time):");
  for (const [name, seconds] of durations.sort((a, b) => b[1] - a[1])) console.log(`  ${seconds.toFixed(1).padStart(7)} s  ${name}`);
  for (const suite of unit.testResults) {
    const file = suite.name.replace(`${process.cwd()}/`, "");
    const failed = suite.assertionResults.filter((test) => test.status === "failed");
    for (const test of failed) failures.push(`${file} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
    // A suite that fails outside any test (an import error, a failing hook) has no failed assertion to name.
    if (suite.status === "failed" && failed.length === 0) failures.push(`${file}: ${firstLine(suite.message)}`);
  }
} catch {
  totals.failed += 1;
}
try {
  const e2e = JSON.parse(readFileSync("test-results/playwright.json", "utf8"));
  totals.passed += e2e.stats.expected + (e2e.stats.flaky ?? 0);
  totals.failed += e2e.stats.unexpected;
  totals.skipped += e2e.stats.skipped;
  const visit = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        if (test.status !== "unexpected") continue;
        const error = test.results.at(-1)?.error?.message;
        failures.push(`${spec.file}:${spec.line} › ${[...titles, spec.title].join(" › ")}: ${firstLine(error)}`);
      }
    }
    for (const child of suite.suites ?? []) visit(child, [...titles, child.title]);
  };
  for (const suite of e2e.suites ?? []) visit(suite, []);
} catch {
  totals.failed += 1;
}
if (failures.length > 0) console.log(`\nfailed:\n${failures.map((line) => `  ✗ ${line}`).join("\n")}\n`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(unitStatus !== 0 || e2eStatus !== 0 || totals.failed > 0 ? 1 : 0);
