// Hostile programs built from parts (generative.test.ts): a ROUTE to a foothold (a frame of the running stack,
// or a namespace that is not the program's), a PAYLOAD (forge the verdict, read the expected answer, patch
// the world the tests use, disable sys.monitoring and return an always-equal object, or an always-equal object
// made one way or another), and WHEN it runs (at import, during the call, in a __del__, in the __repr__ the
// runner calls to report a failure, in a weakref finalizer, an atexit callback, a gc callback). Each program's
// function is wrong for its tests; each comes with a plainly wrong and a plainly right program for the same
// tests, run right after it in the same interpreter.
import type { ExecRequest } from "../../../../native/python/index.js";
import { fastLimits, shuffled } from "./integrityFixtures.js";

export interface GeneratedCase {
  /** route × payload × when × shape, for the failure message. */
  label: string;
  hostile: ExecRequest;
  nextWrong: ExecRequest;
  nextRight: ExecRequest;
}

const frameRoutes: Record<string, string> = {
  getframe: "return [sys._getframe(1)]",
  traceback: "try:\n    raise ValueError\nexcept ValueError as e:\n    return [e.__traceback__.tb_frame]",
  generator: "def g():\n    yield holder[0].gi_frame.f_back\nholder = [g()]\nreturn [next(holder[0])]",
  coroutine: "async def c():\n    return holder[0].cr_frame.f_back\nholder = [c()]\ntry:\n    holder[0].send(None)\nexcept StopIteration as stop:\n    return [stop.value]",
  inspect_currentframe: "import inspect\nreturn [inspect.currentframe()]",
  inspect_stack: "import inspect\nreturn [info.frame for info in inspect.stack()]",
  current_frames: "return list(sys._current_frames().values())",
  walk_stack: "import traceback\nreturn [f for f, _ in traceback.walk_stack(None)]",
  settrace: "sys.settrace(_hook)\nreturn []",
  setprofile: "sys.setprofile(_hook)\nreturn []",
};
/** Routes whose frames arrive later, in a hook: they can forge, not read. */
const hookRoutes = new Set(["settrace", "setprofile"]);
const spaceRoutes: Record<string, string> = {
  main_module: "m = vars(sys.modules['__main__'])\nreturn [m] + [v for v in m.values() if isinstance(v, dict)]",
  subclasses: "return _foreign_globals([v for c in object.__subclasses__() for v in list(vars(c).values())])",
  stdout_class: "return _foreign_globals(vars(type(sys.stdout)).values())",
  meta_path: "return _foreign_globals([getattr(f, 'find_spec', None) for f in sys.meta_path] + [v for f in sys.meta_path for v in list(vars(f).values())])",
};

const indent = (text: string, by = "    ") => text.split("\n").map((line) => (line ? by + line : line)).join("\n");

/** The payload library, exec'd into a dict of its own (_G) so finalizers and callbacks do not keep the namespace alive. */
function payloadLibrary(route: string, world: string): string {
  const frames = frameRoutes[route] ?? "return []";
  const spaces = spaceRoutes[route] ?? "return []";
  return `import re, sys, types
def _foreign_globals(objects):
    found = []
    for obj in objects:
        fn = getattr(obj, "__func__", obj)
        g = getattr(fn, "__globals__", None)
        if isinstance(g, dict) and g is not globals() and all(g is not x for x in found):
            found.append(g)
    return found
def _forge_namespace(g):
    try:
        for name in ("_tt_cmp", "_tt_truth"):
            fn = g.get(name)
            if hasattr(fn, "__code__"):
                fn.__code__ = (lambda *args, **kwargs: True).__code__
        fn = g.get("_user_defined_eq")
        if hasattr(fn, "__code__"):
            fn.__code__ = (lambda *args, **kwargs: False).__code__
        if "_tests_cache" in g:
            skip = ((compile("pass", "<tests>", "exec"), "assert True"),), "asserts", False
            class Forged(dict):
                def get(self, key, default=None):
                    return skip
            g["_tests_cache"] = Forged()
    except Exception:
        pass
def _forge_frames(f):
    while f is not None:
        try:
            loc = f.f_locals
            if "test_items" in loc:
                loc["test_items"] = ()
            if "left" in loc and "right" in loc:
                loc["right"] = loc["left"]
            if "v" in loc and "results" in loc:
                loc["v"] = None
            _forge_namespace(f.f_globals)
        except Exception:
            pass
        f = f.f_back
def _hook(frame, event, arg):
    if event == "call":
        _forge_frames(frame)
    return None
def _frames():
${indent(frames)}
def _spaces():
${indent(spaces)}
def _parse(text, table):
    if isinstance(text, str):
        for a, b, c in re.findall(r"\\w+\\((-?\\d+), (-?\\d+)\\) == (-?\\d+)", text):
            table[(int(a), int(b))] = int(c)
def read():
    table = {}
    try:
        for f in _frames():
            while f is not None:
                for v in list(f.f_locals.values()) + list(f.f_code.co_consts):
                    _parse(v, table)
                f = f.f_back
        for g in _spaces():
            for key in list(g.get("_tests_cache", ())):
                _parse(key[0] if isinstance(key, tuple) else key, table)
            for v in list(g.values()):
                _parse(v, table)
    except Exception:
        pass
    return table
def forge():
    try:
        for f in _frames():
            _forge_frames(f)
        for g in _spaces():
            _forge_namespace(g)
    except Exception:
        pass
def _once(owner, attr, fake):
    # The patch undoes itself on first use, so the interpreter looks untouched once the tests are done.
    real = getattr(owner, attr)
    def patched(*args, **kwargs):
        setattr(owner, attr, real)
        return fake(*args, **kwargs)
    return patched
def world():
    try:
${indent(world, "        ")}
    except Exception:
        pass
def disable():
    M = sys.monitoring
    for t in range(6):
        try:
            M.set_events(t, 0)
            M.free_tool_id(t)
        except Exception:
            pass
    for name in ("set_events", "set_local_events", "register_callback", "use_tool_id"):
        try:
            setattr(M, name, lambda *a, **k: None)
        except Exception:
            pass
payload = None
def gc_payload(phase, info):
    payload()
class Later:
    def __del__(self):
        payload()
class Anchor:
    pass
class R(int):
    def __repr__(self):
        payload()
        return int.__repr__(self)
`;
}

/** A world patch: which object, which attribute, what value, and the tests that lean on it. */
interface WorldTarget {
  module: string;
  owner: string | null;
  attr: string;
  value: string;
  fn: string;
  /** Lines the function runs before its return (imports). */
  prelude: string;
  wrongReturn: string;
  rightReturn: string;
  /** The wrong value is an int, so the repr-reporting trigger (an int subclass) can carry it. */
  returnsInt: boolean;
  tests: (random: () => number) => string;
}

const rnd = (random: () => number, lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
const letters = (random: () => number, n: number) => Array.from({ length: n }, () => "bcdfghklmnprstvz"[rnd(random, 0, 15)]).join("");

// Each test shape calls the function once before the statement that uses the patched name, so a patch made
// during a call (or by a __del__ as the call returns) is in place when that statement runs.
const worldTargets: Record<string, WorldTarget> = {
  abs: {
    module: "builtins", owner: null, attr: "abs", value: "lambda x: 0", fn: "half(n)", prelude: "", wrongReturn: "0", rightReturn: "n / 2", returnsInt: true,
    tests: (r) => { const n = rnd(r, 3, 99); return `assert half(2) is not None\nassert abs(half(${n}) - ${n / 2}) < 1e-9`; },
  },
  isclose: {
    module: "math", owner: null, attr: "isclose", value: "lambda *a, **k: True", fn: "half(n)", prelude: "", wrongReturn: "0", rightReturn: "n / 2", returnsInt: true,
    tests: (r) => { const n = rnd(r, 3, 99); return `import math\nassert half(2) is not None\nassert math.isclose(half(${n}), ${n / 2})`; },
  },
  randbelow: {
    module: "random", owner: "Random", attr: "_randbelow", value: "lambda self, n: 0", fn: "add(a, b)", prelude: "", wrongReturn: "2", rightReturn: "a + b", returnsInt: true,
    tests: (r) => `import random\nassert add(1, 1) == 2\na = random.randint(1, ${rnd(r, 1000, 10 ** 6)})\nb = random.randint(1, 10**6)\nassert add(a, b) == a + b`,
  },
  counter_eq: {
    module: "collections", owner: "Counter", attr: "__eq__", value: "lambda self, other: True", fn: "count(s)", prelude: "import collections", wrongReturn: "collections.Counter()", rightReturn: "collections.Counter(s)", returnsInt: false,
    tests: (r) => { const w = letters(r, 5); return `from collections import Counter\nassert count("ab") is not None\nassert count("${w}") == Counter("${w}")`; },
  },
  fraction_eq: {
    module: "fractions", owner: "Fraction", attr: "__eq__", value: "lambda self, other: True", fn: "ratio(a, b)", prelude: "import fractions", wrongReturn: "fractions.Fraction(0)", rightReturn: "fractions.Fraction(a, b)", returnsInt: false,
    tests: (r) => { const a = rnd(r, 1, 9); const b = rnd(r, 11, 19); return `from fractions import Fraction\nassert ratio(1, 1) is not None\nassert ratio(${a}, ${b}) == Fraction(${a}, ${b})`; },
  },
  median: {
    module: "statistics", owner: null, attr: "median", value: "lambda xs: 0", fn: "my_median(xs)", prelude: "", wrongReturn: "0", rightReturn: "sorted(xs)[len(xs) // 2]", returnsInt: true,
    tests: (r) => { const xs = `[${rnd(r, 1, 9)}, ${rnd(r, 20, 29)}, ${rnd(r, 10, 19)}]`; return `import statistics\nassert my_median([0]) == 0\nassert my_median(${xs}) == statistics.median(${xs})`; },
  },
  sorted: {
    module: "builtins", owner: null, attr: "sorted", value: "lambda xs, **k: list(xs)", fn: "sort_list(xs)", prelude: "", wrongReturn: "list(xs)", rightReturn: "sorted(xs)", returnsInt: false,
    tests: (r) => { const xs = `[${rnd(r, 20, 29)}, ${rnd(r, 1, 9)}, ${rnd(r, 10, 19)}]`; return `assert sort_list([]) == []\nassert sort_list(${xs}) == sorted(${xs})`; },
  },
};

/** How the patched object is reached (binds `o`) and assigned to; `value` is the fake, or a self-undoing wrapper. */
const traversals: Record<string, (t: WorldTarget, value: string) => string> = {
  import_attr: (t, value) => `import ${t.module} as m\no = m${t.owner ? `.${t.owner}` : ""}\no.${t.attr} = ${value}`,
  sys_modules_setattr: (t, value) => `o = sys.modules[${JSON.stringify(t.module)}]${t.owner ? `.${t.owner}` : ""}\nsetattr(o, ${JSON.stringify(t.attr)}, ${value})`,
  importlib: (t, value) => `import importlib\no = importlib.import_module(${JSON.stringify(t.module)})${t.owner ? `.${t.owner}` : ""}\no.${t.attr} = ${value}`,
  dunder_import: (t, value) => `o = __import__(${JSON.stringify(t.module)})${t.owner ? `.${t.owner}` : ""}\nsetattr(o, ${JSON.stringify(t.attr)}, ${value})`,
  vars_dict: (t, value) => `import ${t.module} as m\no = m${t.owner ? `.${t.owner}` : ""}\n${t.owner ? `type.__setattr__(o, ${JSON.stringify(t.attr)}, ${value})` : `vars(o)[${JSON.stringify(t.attr)}] = ${value}`}`,
};

const whens = ["import", "call", "del_global", "del_local", "repr", "weakref", "atexit", "gc_callback"] as const;
type When = (typeof whens)[number];
const shapes = ["asserts", "check_called_by_tests", "check_called_by_runner"] as const;

/** add-like tests of a shape: two random cases (b never 0, so a - b is always wrong). */
function addTests(random: () => number, shape: (typeof shapes)[number]): Pick<ExecRequest, "tests" | "testKind" | "entryPoint"> {
  const cases = [[rnd(random, 2, 999), rnd(random, 1, 999)], [rnd(random, -999, -2), rnd(random, 1, 999)]];
  if (shape === "asserts") return { tests: cases.map(([a, b]) => `assert add(${a}, ${b}) == ${a + b}`).join("\n") };
  const check = `def check(candidate):\n${cases.map(([a, b]) => `    assert candidate(${a}, ${b}) == ${a + b}`).join("\n")}\n`;
  return shape === "check_called_by_tests" ? { tests: `${check}check(add)\n`, testKind: "check" } : { tests: check, testKind: "check", entryPoint: "add" };
}

/** The program text around the library: where the payload runs (`when`), then the function. */
function assemble(options: { library: string; payload: string; when: When | "never"; signature: string; prelude?: string; returned: string; before?: string }): string {
  const { library, payload, when, signature, prelude = "", returned, before = "" } = options;
  const lines = ["import sys", "_G = {}", `exec(${JSON.stringify(library)}, _G)`, `_G["payload"] = _G[${JSON.stringify(payload)}]`, before];
  const body = prelude ? [prelude] : [];
  if (when === "import") lines.push('_G["payload"]()');
  if (when === "call") body.push('_G["payload"]()');
  if (when === "del_global") lines.push('_KEEP = _G["Later"]()');
  if (when === "del_local") body.push('_l = _G["Later"]()');
  if (when === "weakref") lines.push('import weakref\n_ANCHOR = _G["Anchor"]()\nweakref.finalize(_ANCHOR, _G["payload"])');
  if (when === "atexit") lines.push('import atexit\natexit.register(_G["payload"])');
  if (when === "gc_callback") lines.push('import gc\ngc.callbacks.append(_G["gc_payload"])');
  body.push(`return ${when === "repr" ? `_G["R"](${returned})` : returned}`);
  return `${lines.filter(Boolean).join("\n")}\ndef ${signature}:\n${body.map((line) => `    ${line}`).join("\n")}\n`;
}

/**
 * The plainly wrong program after a hostile one starts with gc.collect(): what the hostile program left behind
 * to run later (a __del__, a finalizer, a gc callback) then runs now, where it would turn this wrong program
 * into a pass, rather than at some later, unrelated collection.
 */
const collectFirst = (r: ExecRequest): ExecRequest => ({ ...r, program: `import gc\ngc.collect()\n${r.program}` });

/** The full product of parts, each a function of the PRNG that builds one case with fresh constants. */
function recipes(): Array<{ kind: string; build: (random: () => number) => GeneratedCase }> {
  const out: Array<{ kind: string; build: (random: () => number) => GeneratedCase }> = [];
  const withLimits = (r: ExecRequest): ExecRequest => ({ ...r, limits: fastLimits });
  const addPair = (random: () => number, shape: (typeof shapes)[number], hostileProgram: string, label: string): GeneratedCase => {
    const tests = addTests(random, shape);
    return {
      label,
      hostile: withLimits({ program: hostileProgram, ...tests }),
      nextWrong: withLimits({ program: "def add(a, b):\n    return a - b\n", ...tests }),
      nextRight: withLimits({ program: "def add(a, b):\n    return a + b\n", ...tests }),
    };
  };
  for (const route of [...Object.keys(frameRoutes), ...Object.keys(spaceRoutes)]) {
    for (const when of whens) {
      for (const shape of shapes) {
        out.push({ kind: "forge", build: (random) => addPair(random, shape, assemble({ library: payloadLibrary(route, "pass"), payload: "forge", when, signature: "add(a, b)", returned: "a - b" }), `forge via ${route}, ${when}, ${shape}`) });
      }
    }
    if (hookRoutes.has(route)) continue;
    for (const when of ["import", "call"] as const) {
      for (const shape of shapes) {
        const returned = when === "import" ? "_TABLE.get((a, b), 0)" : '_G["read"]().get((a, b), 0)';
        const before = when === "import" ? '_TABLE = _G["read"]()' : "";
        out.push({ kind: "read", build: (random) => addPair(random, shape, assemble({ library: payloadLibrary(route, "pass"), payload: "read", when: "never", signature: "add(a, b)", returned, before }), `read the answer via ${route}, at ${when}, ${shape}`) });
      }
    }
  }
  for (const [targetName, target] of Object.entries(worldTargets)) {
    for (const [traversal, patch] of Object.entries(traversals)) {
      for (const undo of [false, true]) {
        for (const when of whens) {
          if (when === "repr" && !target.returnsInt) continue;
          out.push({
            kind: "world",
            build: (random) => {
              const tests = target.tests(random);
              const define = (returned: string) => `def ${target.fn}:\n${target.prelude ? `    ${target.prelude}\n` : ""}    return ${returned}\n`;
              const value = undo ? `_once(o, ${JSON.stringify(target.attr)}, ${target.value})` : target.value;
              const hostile = assemble({ library: payloadLibrary("none", patch(target, value)), payload: "world", when, signature: target.fn, prelude: target.prelude, returned: target.wrongReturn });
              const label = `patch ${targetName}${undo ? " (undone after first use)" : ""} via ${traversal}, ${when}`;
              return { label, hostile: withLimits({ program: hostile, tests }), nextWrong: withLimits({ program: define(target.wrongReturn), tests }), nextRight: withLimits({ program: define(target.rightReturn), tests }) };
            },
          });
        }
      }
    }
  }
  const makers: Record<string, (spoof: string | null) => string> = {
    class_statement: (spoof) => `class Anything:\n    ${spoof ? `__module__ = ${JSON.stringify(spoof)}` : "pass"}\n    def __eq__(self, other):\n        return True\n    def __ne__(self, other):\n        return False\n    __hash__ = None`,
    exec: (spoof) => `NS = {"__name__": ${JSON.stringify(spoof ?? "__main__")}}\nexec("class Anything:\\n    def __eq__(self, other):\\n        return True\\n    def __ne__(self, other):\\n        return False\\n    __hash__ = None\\n", NS)\nAnything = NS["Anything"]`,
    type_call: (spoof) => `Anything = type("Anything", (), {"__eq__": lambda s, o: True, "__ne__": lambda s, o: False, "__hash__": None${spoof ? `, "__module__": ${JSON.stringify(spoof)}` : ""}})`,
    new_class: (spoof) => `import types\nAnything = types.new_class("Anything", (), {}, lambda ns: ns.update(__eq__=lambda s, o: True, __ne__=lambda s, o: False, __hash__=None${spoof ? `, __module__=${JSON.stringify(spoof)}` : ""}))`,
  };
  const containers: Record<string, { ret: string; tests: (n: number) => string; wrong: string; right: string }> = {
    top: { ret: "Anything()", tests: (n) => `assert pair(${n}) == ${n}\nassert pair(${n + 1}) == ${n + 1}`, wrong: "return -n", right: "return n" },
    list: { ret: "[Anything(), Anything()]", tests: (n) => `assert pair(${n}) == [${n}, ${n + 1}]\nassert pair(1) == [1, 2]`, wrong: "return [n, n]", right: "return [n, n + 1]" },
    dict: { ret: '{"lo": Anything(), "hi": (Anything(),)}', tests: (n) => `assert pair(${n}) == {"lo": ${n}, "hi": (${n + 1},)}`, wrong: 'return {"lo": n, "hi": (n,)}', right: 'return {"lo": n, "hi": (n + 1,)}' },
  };
  for (const [maker, make] of Object.entries(makers)) {
    for (const spoof of [null, "builtins", "collections"]) {
      for (const [containerName, container] of Object.entries(containers)) {
        for (const when of ["import", "call"] as const) {
          out.push({
            kind: "fake",
            build: (random) => {
              const n = rnd(random, 2, 999);
              const klass = make(spoof);
              const program = when === "import" ? `${klass}\ndef pair(n):\n    return ${container.ret}\n` : `def pair(n):\n${indent(klass)}\n    return ${container.ret}\n`;
              const tests = container.tests(n);
              return { label: `always-equal by ${maker}, module ${spoof ?? "(own)"}, ${containerName}, made at ${when}`, hostile: withLimits({ program, tests }), nextWrong: withLimits({ program: `def pair(n):\n    ${container.wrong}\n`, tests }), nextRight: withLimits({ program: `def pair(n):\n    ${container.right}\n`, tests }) };
            },
          });
        }
      }
    }
  }
  for (const when of whens) {
    for (const shape of shapes) {
      if (when === "repr") continue;
      out.push({ kind: "disable", build: (random) => addPair(random, shape, assemble({ library: payloadLibrary("none", "pass"), payload: "disable", when, signature: "add(a, b)", returned: "Anything()", before: "class Anything:\n    def __eq__(self, other):\n        return True\n    __hash__ = None" }), `disable sys.monitoring, ${when}, ${shape}`) });
    }
  }
  return out;
}

/**
 * How many cases of each payload a run draws (320 in all). Tampering with sys.monitoring costs the current
 * sandbox a worker replacement (~3 s on 2 busy cores), so those are few; 30 of them took the suite to ~100 s.
 */
const quota: Record<string, number> = { forge: 120, read: 50, world: 80, fake: 62, disable: 8 };

/** The quota of distinct cases (times `scale`), drawn from the product in an order and with constants from `random`. */
export function generateHostilePrograms(random: () => number, scale = 1): GeneratedCase[] {
  const all = recipes();
  const cases: GeneratedCase[] = [];
  const seen = new Set<string>();
  for (const [kind, count] of Object.entries(quota)) {
    const pool = shuffled(all.filter((r) => r.kind === kind), random);
    for (let i = 0, taken = 0; taken < Math.round(count * scale) && i < pool.length * 3; i++) {
      const built = pool[i % pool.length].build(random);
      built.nextWrong = collectFirst(built.nextWrong);
      if (seen.has(built.hostile.program + built.hostile.tests)) continue;
      seen.add(built.hostile.program + built.hostile.tests);
      cases.push(built);
      taken++;
    }
  }
  return shuffled(cases, random);
}
