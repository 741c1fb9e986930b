import { describe, expect, it } from "vitest";
import { isEngineHostAllowed, parseAllowedHost } from "../../../../native/engines/node/checkEngineHost.js";

describe("isEngineHostAllowed", () => {
  it("allows loopback always and other hosts only from the allow-list, by host or host:port", () => {
    expect(isEngineHostAllowed("127.0.0.1", 8080, [])).toBe(true);
    expect(isEngineHostAllowed("localhost", 80, [])).toBe(true);
    expect(isEngineHostAllowed("::1", 80, [])).toBe(true);
    expect(isEngineHostAllowed("10.0.0.5", 8000, [])).toBe(false);
    expect(isEngineHostAllowed("10.0.0.5", 8000, ["10.0.0.5"])).toBe(true);
    expect(isEngineHostAllowed("10.0.0.5", 8000, ["10.0.0.5:8001"])).toBe(false);
    expect(isEngineHostAllowed("gpu-box.lan", 8000, ["GPU-box.lan:8000"])).toBe(true);
    expect(isEngineHostAllowed("fe80::1", 8000, ["[fe80::1]:8000"])).toBe(true);
    expect(isEngineHostAllowed("fe80::1", 8000, ["fe80::1"])).toBe(true);
  });

  it("parses allow-list entries and refuses malformed ones", () => {
    expect(parseAllowedHost("fe80::1")).toEqual({ host: "fe80::1", port: null });
    expect(parseAllowedHost("[fe80::1]:80")).toEqual({ host: "fe80::1", port: 80 });
    expect(parseAllowedHost("http://x/v1")).toBeNull();
    expect(parseAllowedHost("a b")).toBeNull();
  });
});
