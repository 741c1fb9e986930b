import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests drive the real UI through `tracetune serve` in Debian's Chromium (no browser download).
 * Background networking is off so the browser itself makes no outbound connection.
 */
export default defineConfig({
  testDir: "tests",
  testMatch: ["e2e/**/*.spec.ts", "electron/**/*.spec.ts"],
  outputDir: "test-results/e2e",
  timeout: 120_000,
  workers: 1,
  reporter: [["list"], ["json"]],
  use: {
    headless: true,
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--disable-default-apps", "--disable-domain-reliability"],
    },
  },
});
