import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "electron-vite";

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, "electron/main/index.ts"),
          coreHost: resolve(__dirname, "electron/core-host/index.ts"),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload must be one CommonJS file.
      rollupOptions: { input: { index: resolve(__dirname, "electron/preload/index.ts") }, output: { format: "cjs", entryFileNames: "[name].cjs" } },
    },
  },
  renderer: {
    root: resolve(__dirname, "renderer"),
    build: {
      rollupOptions: { input: { index: resolve(__dirname, "renderer/index.html") } },
    },
    plugins: [react()],
  },
});
