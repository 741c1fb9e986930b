// Issue 10, "search Pyodide's exposed objects systematically, not one path": a program walks everything it can
// reach without frames, gc or code objects (builtins, every module it can import or find, every class through
// object.__subclasses__(), functions' globals/defaults/closures, bound methods, containers, instance dicts) and
// reports every path to JavaScript (a JsProxy, or a module of Pyodide's JS bridge). It runs in the real sandbox,
// as a sample would, so what it finds is what a sample finds. The JS side is walked in tests/unit/python/worker.
import { afterAll, beforeAll, expect, it } from "vitest";
import { PythonRuntime } from "../../../../native/python/index.js";
import { ensureSandboxBuilt } from "../ensureSandboxBuilt.js";

let python: PythonRuntime;
beforeAll(async () => {
  await ensureSandboxBuilt();
  python = await PythonRuntime.start({ size: 1, spares: 0 });
});
afterAll(async () => {
  await python?.dispose();
});

const walker = `
import builtins, sys, types
BRIDGE = ("js", "pyodide_js", "pyodide", "_pyodide", "_pyodide_core", "micropip", "pyodide_kernel")
found, seen, visited = [], set(), 0
queue = [("builtins", builtins), ("sys.modules", dict(sys.modules)), ("object.__subclasses__()", type.__subclasses__(object))]
for name in ("stdout", "stderr", "stdin", "__stdout__", "__stderr__", "__stdin__", "meta_path", "path_hooks", "path_importer_cache",
             "excepthook", "displayhook", "unraisablehook", "breakpointhook", "monitoring", "flags", "implementation"):
    queue.append((f"sys.{name}", getattr(sys, name, None)))

def bridge(value):
    kind = type(value)
    if kind.__name__.startswith("JsProxy") or kind.__name__ in ("JsException", "JsBuffer", "JsArray", "JsMap", "JsCallable", "JsDoubleProxy"):
        return True
    return kind is types.ModuleType and (getattr(value, "__name__", "") or "").split(".")[0] in BRIDGE

def children(value):
    kind = type(value)
    if kind is dict:
        for key, item in list(value.items()):
            yield f"[{key!r}]"[:60], item
    elif kind in (list, tuple, set, frozenset):
        for index, item in enumerate(list(value)):
            yield f"[{index}]", item
    elif kind is types.ModuleType:
        yield ".__dict__", vars(value)
    elif kind is types.FunctionType:
        yield ".__globals__", value.__globals__
        yield ".__defaults__", value.__defaults__
        yield ".__kwdefaults__", value.__kwdefaults__
        for index, cell in enumerate(value.__closure__ or ()):
            try:
                yield f".__closure__[{index}]", cell.cell_contents
            except ValueError:
                pass
    elif kind is types.MethodType:
        yield ".__func__", value.__func__
        yield ".__self__", value.__self__
    elif kind in (staticmethod, classmethod):
        yield ".__func__", value.__func__
    elif kind is property:
        yield ".fget", value.fget
        yield ".fset", value.fset
    elif kind is types.BuiltinFunctionType:
        yield ".__self__", value.__self__
    elif isinstance(value, type):
        yield ".__dict__", dict(vars(value))
        yield ".__subclasses__()", type.__subclasses__(value) if value is not type else []
    else:
        own = getattr(value, "__dict__", None)
        if type(own) is dict:
            yield ".__dict__", own
        yield ".__class__", kind

while queue and visited < 400000:
    path, value = queue.pop()
    if id(value) in seen or value is None or type(value) in (int, float, str, bytes, bool):
        continue
    seen.add(id(value))
    visited += 1
    if bridge(value):
        found.append(path)
        continue
    try:
        for step, child in children(value):
            if id(child) not in seen:
                queue.append((path + step, child))
    except Exception:
        pass
print(visited)
for path in sorted(found)[:20]:
    print(path)
`;

it("no object a program can reach without frames or gc leads to JavaScript", async () => {
  const result = await python.run({ program: walker, limits: { timeoutMs: 60_000 } });
  expect(result.verdict, result.error?.message).toBe("pass");
  const [visited, ...paths] = result.stdout.trim().split("\n");
  // The walk covered the interpreter (the stdlib, the runner, every class), not an empty corner of it.
  expect(Number(visited)).toBeGreaterThan(10_000);
  expect(paths).toEqual([]);
}, 120_000);
