import { describe, expect, it } from "vitest";
import { normalizeEngineUrl } from "../../../../native/engines/common/normalizeEngineUrl.js";

describe("normalizeEngineUrl (the --engine contract)", () => {
  it("keeps a base URL that includes /v1 and gives a bare host /v1", () => {
    expect(normalizeEngineUrl("http://127.0.0.1:8080/v1")).toEqual({ baseUrl: "http://127.0.0.1:8080/v1", host: "127.0.0.1", port: 8080 });
    expect(normalizeEngineUrl("http://127.0.0.1:8080/v1/")).toMatchObject({ baseUrl: "http://127.0.0.1:8080/v1" });
    expect(normalizeEngineUrl("http://127.0.0.1:8080")).toMatchObject({ baseUrl: "http://127.0.0.1:8080/v1" });
    expect(normalizeEngineUrl("http://localhost:8080/")).toMatchObject({ baseUrl: "http://localhost:8080/v1", host: "localhost" });
    expect(normalizeEngineUrl("https://GPU-BOX.lan/openai/v1")).toEqual({ baseUrl: "https://gpu-box.lan/openai/v1", host: "gpu-box.lan", port: 443 });
    expect(normalizeEngineUrl("http://[::1]:9000")).toEqual({ baseUrl: "http://[::1]:9000/v1", host: "::1", port: 9000 });
  });

  it("refuses what is not an http(s) base URL, saying why", () => {
    expect(normalizeEngineUrl("127.0.0.1:8080")).toHaveProperty("reason");
    expect(normalizeEngineUrl("ftp://127.0.0.1/v1")).toMatchObject({ reason: expect.stringContaining("http://") });
    expect(normalizeEngineUrl("http://user:pw@127.0.0.1/v1")).toMatchObject({ reason: expect.stringContaining("credentials") });
    expect(normalizeEngineUrl("http://127.0.0.1/v1?x=1")).toMatchObject({ reason: expect.stringContaining("query") });
  });
});
