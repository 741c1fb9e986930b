import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { apiMethodNames } from "../../../native/api/contract.js";
import { dispatchCall, UnknownMethodError } from "../../../native/api/dispatchCall.js";
import { createCore } from "../../../native/core/createCore.js";

describe("dispatchCall", () => {
  it("every method in the contract is implemented by the core, and nothing else is reachable", async () => {
    const core = await createCore({ host: "cli", dataDir: mkdtempSync(path.join(os.tmpdir(), "tracetune-api-")) });
    try {
      for (const name of apiMethodNames) expect(typeof core.api[name], name).toBe("function");
      await expect(dispatchCall(core.api, "nope", {})).rejects.toBeInstanceOf(UnknownMethodError);
      await expect(dispatchCall(core.api, "hasOwnProperty", {})).rejects.toMatchObject({ code: "unknown_method" });
      await expect(dispatchCall(core.api, 42, {})).rejects.toMatchObject({ code: "unknown_method" });
      await expect(dispatchCall(core.api, "getSettings", "x")).rejects.toMatchObject({ code: "invalid_input" });
      const view = (await dispatchCall(core.api, "getSettings", undefined)) as { host: string };
      expect(view.host).toBe("cli");
      await expect(dispatchCall(core.api, "getJob", { id: "missing" })).rejects.toMatchObject({ code: "unknown_job" });
    } finally {
      await core.dispose();
    }
  });
});
