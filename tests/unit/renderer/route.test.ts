import { describe, expect, it } from "vitest";
import { parseRoute, routeHref } from "../../../renderer/src/app/routePath";

describe("hash routes (issue 11: every page, task, model, run, round and sample has a URL)", () => {
  it("an id holding '/' is one encoded segment, and reads back as the same id", () => {
    expect(routeHref("tasks", "demo/clamp")).toBe("#/tasks/demo%2Fclamp");
    expect(parseRoute("#/tasks/demo%2Fclamp")).toEqual({ page: "tasks", params: ["demo/clamp"] });
  });

  it("a model's file path, a round and its sample, and a task's edit view round-trip", () => {
    for (const [page, ...params] of [["models", "/home/me/models/Qwen 2.5/q4 #1.gguf"], ["rounds", "run-1", "2"], ["tasks", "own/halve", "edit"], ["settings", "engines"]]) {
      expect(parseRoute(routeHref(page, ...params))).toEqual({ page, params });
    }
  });

  it("an empty hash is no page (the shell opens Start), and a broken escape is kept as written", () => {
    expect(parseRoute("")).toEqual({ page: "", params: [] });
    expect(parseRoute("#/")).toEqual({ page: "", params: [] });
    expect(parseRoute("#/tasks/%E0%A4%A")).toEqual({ page: "tasks", params: ["%E0%A4%A"] });
  });
});
