// The catalogue of hostile programs for the verdict-integrity suites: one entry per route by which a program
// could change its own verdict or a later program's. hostileRoutes.test.ts runs each alone (then the next-
// program probes); batch.test.ts mixes them among plain programs. Every program here is WRONG (its function
// does not do what the tests ask) unless the case says otherwise, so a pass is always a breach.
// The payloads name the current runner's internals (`_tt_cmp`, `test_items`, `_tests_cache`…) where they need
// a target; each is wrapped so that, once those are gone, it does nothing and the wrong function just fails.
import type { ExecRequest } from "../../../../native/python/index.js";
import { addTests, fastLimits, py, rightAdd, wrongAdd } from "./integrityFixtures.js";

/** What the contract requires of a hostile run. */
export type HostileExpectation =
  /** exactly `violation` */
  | "violation"
  /** `fail` flagged `fake_pass`, or `violation` */
  | "fake"
  /** anything but `pass` */
  | "not_pass"
  /** exactly `fail`: the trick changes nothing */
  | "fail"
  /** the route leads nowhere: `pass` (the program found nothing, so its right answer stands) or `violation` */
  | "unreached";

export interface HostileCase {
  group: "frame" | "code" | "answer" | "gc" | "fake" | "judge" | "world" | "later" | "js" | "seed";
  name: string;
  request: ExecRequest;
  expect: HostileExpectation;
}

/** A right `add`, unless the program reached what it looked for (REACHED): then a wrong one. */
const addUnlessReached = "def add(a, b):\n    return 0 if REACHED else a + b\n";

/** Python: make the judge's comparisons true and its fake-pass detector blind (this run and, persisting, later ones). */
export const forgeNamespace = py`
  import sys
  def _forge_namespace(g):
      if not isinstance(g, dict) or g is globals():
          return
      for name in ("_tt_cmp", "_tt_truth"):
          fn = g.get(name)
          if hasattr(fn, "__code__"):
              fn.__code__ = (lambda *args, **kwargs: True).__code__
      fn = g.get("_user_defined_eq")
      if hasattr(fn, "__code__"):
          fn.__code__ = (lambda *args, **kwargs: False).__code__
  def _forge_frames(f):
      while f is not None:
          try:
              if "test_items" in f.f_locals:
                  f.f_locals["test_items"] = ()
              _forge_namespace(f.f_globals)
          except Exception:
              pass
          f = f.f_back
  def _foreign_globals(objects):
      found = []
      for obj in objects:
          fn = getattr(obj, "__func__", obj)
          g = getattr(fn, "__globals__", None)
          if isinstance(g, dict) and g is not globals() and all(g is not x for x in found):
              found.append(g)
      return found
`;

/** Python: poison the judge for every LATER run (this one is already judging): all their tests are skipped. */
const poisonNamespace = py`
  def _poison_namespace(g):
      try:
          skip = ((compile("pass", "<tests>", "exec"), "assert True"),), "asserts", False
          class _Forged(dict):
              def get(self, key, default=None):
                  return skip
          if "_tests_cache" in g:
              g["_tests_cache"] = _Forged()
      except Exception:
          pass
`;

const req = (program: string, tests = addTests, extra: Partial<ExecRequest> = {}): ExecRequest => ({ program, tests, limits: fastLimits, ...extra });
const wrongAddWith = (preamble: string) => req(`${preamble}\n${wrongAdd}`);

/** secret(n): the answers come from nowhere but the tests, so a program that returns them has read the tests. */
const secretTests = "assert secret(7) == 91234\nassert secret(8) == 5077";
const secretCheckTests = py`
  def check(candidate):
      inputs = [[7], [8]]
      results = [91234, 5077]
      for inp, exp in zip(inputs, results):
          assert candidate(*inp) == exp
  check(secret)
`;

/** A class whose instances equal anything, given a module name to hide behind. */
const alwaysEqual = (module: string | null, name = "Anything") => py`
  class ${name}:
      ${module ? `__module__ = ${JSON.stringify(module)}` : "pass"}
      def __eq__(self, other):
          return True
      def __ne__(self, other):
          return False
      def __hash__(self):
          return 0
`;

// The "…AfterCall" shapes call the function once before the statement that uses the patched name: an assert
// loads `abs` / `math.isclose` before it calls the function, so only a later statement sees a patch made in a call.
const halfTests = {
  abs: "assert abs(half(3) - 1.5) < 1e-9",
  absAfterCall: "assert half(2) is not None\nassert abs(half(3) - 1.5) < 1e-9",
  isclose: "import math\nassert math.isclose(half(3), 1.5)",
  iscloseAfterCall: "import math\nassert half(2) is not None\nassert math.isclose(half(3), 1.5)",
};
const randomTests = "import random\na = random.randint(1, 10**6)\nb = random.randint(1, 10**6)\nassert add(a, b) == a + b";
const counterTests = 'from collections import Counter\nassert count("aab") == Counter({"a": 2, "b": 1})';
const wrongHalf = "def half(n):\n    return 0\n";
const frameCases: HostileCase[] = [
  { group: "frame", name: "sys._getframe at import walks to the runner and forges its state", expect: "violation", request: wrongAddWith(`${forgeNamespace}_forge_frames(sys._getframe())`) },
  { group: "frame", name: "sys._getframe(1) during the call forges the comparison", expect: "violation", request: req(`${forgeNamespace}def add(a, b):\n    _forge_frames(sys._getframe(1))\n    return a - b\n`) },
  { group: "frame", name: "a traceback's tb_frame.f_back", expect: "violation", request: wrongAddWith(`${forgeNamespace}try:\n    raise ValueError\nexcept ValueError as e:\n    _forge_frames(e.__traceback__.tb_frame.f_back)`) },
  { group: "frame", name: "sys.exc_info()[2].tb_frame during the call", expect: "violation", request: req(`${forgeNamespace}def add(a, b):\n    try:\n        1 / 0\n    except ZeroDivisionError:\n        _forge_frames(sys.exc_info()[2].tb_frame)\n    return a - b\n`) },
  { group: "frame", name: "a running generator's gi_frame.f_back", expect: "violation", request: wrongAddWith(`${forgeNamespace}def _g():\n    yield _it.gi_frame.f_back\n_it = _g()\n_forge_frames(next(_it))`) },
  { group: "frame", name: "a coroutine's cr_frame.f_back", expect: "violation", request: wrongAddWith(`${forgeNamespace}async def _c():\n    return _co.cr_frame.f_back\n_co = _c()\ntry:\n    _co.send(None)\nexcept StopIteration as stop:\n    _forge_frames(stop.value)`) },
  { group: "frame", name: "an async generator's ag_frame.f_back", expect: "violation", request: wrongAddWith(`${forgeNamespace}async def _ag():\n    yield _agen.ag_frame.f_back\n_agen = _ag()\ntry:\n    _agen.__anext__().send(None)\nexcept StopIteration as stop:\n    _forge_frames(stop.value)`) },
  { group: "frame", name: "inspect.currentframe()", expect: "violation", request: wrongAddWith(`${forgeNamespace}import inspect\n_forge_frames(inspect.currentframe())`) },
  { group: "frame", name: "inspect.stack() during the call", expect: "violation", request: req(`${forgeNamespace}import inspect\ndef add(a, b):\n    for info in inspect.stack():\n        _forge_frames(info.frame)\n    return a - b\n`) },
  { group: "frame", name: "inspect.getouterframes", expect: "violation", request: wrongAddWith(`${forgeNamespace}import inspect\nfor info in inspect.getouterframes(inspect.currentframe()):\n    _forge_frames(info.frame)`) },
  { group: "frame", name: "sys._current_frames()", expect: "violation", request: wrongAddWith(`${forgeNamespace}for f in sys._current_frames().values():\n    _forge_frames(f)`) },
  { group: "frame", name: "traceback.walk_stack(None)", expect: "violation", request: wrongAddWith(`${forgeNamespace}import traceback\nfor f, _ in traceback.walk_stack(None):\n    _forge_frames(f)`) },
  {
    group: "frame", name: "a sys.settrace callback receives the runner's frames and rewrites the compared values", expect: "violation",
    request: wrongAddWith(`import sys\ndef _tr(frame, event, arg):\n    try:\n        if event == "call" and "right" in frame.f_code.co_varnames and "left" in frame.f_code.co_varnames:\n            frame.f_locals["right"] = frame.f_locals["left"]\n    except Exception:\n        pass\n    return None\nsys.settrace(_tr)`),
  },
  {
    group: "frame", name: "a sys.setprofile callback receives the runner's frames and rewrites the compared values", expect: "violation",
    request: wrongAddWith(`import sys\ndef _pr(frame, event, arg):\n    try:\n        if event == "call" and "right" in frame.f_code.co_varnames and "left" in frame.f_code.co_varnames:\n            frame.f_locals["right"] = frame.f_locals["left"]\n    except Exception:\n        pass\nsys.setprofile(_pr)`),
  },
  {
    group: "frame", name: "a sys.monitoring callback sees the runner's code and frames", expect: "violation",
    request: wrongAddWith(py`
      import sys
      M = sys.monitoring
      def _cb(code, offset):
          try:
              f = sys._getframe(1)
              if "right" in f.f_locals and "left" in f.f_locals:
                  f.f_locals["right"] = f.f_locals["left"]
          except Exception:
              pass
      for _tool in (3, 4, 5):
          try:
              M.use_tool_id(_tool, "hostile")
              break
          except Exception:
              pass
      M.register_callback(_tool, M.events.PY_START, _cb)
      M.set_events(_tool, M.events.PY_START)
    `),
  },
  { group: "frame", name: "its own frame, used harmlessly (right program): receiving a frame is the violation", expect: "violation", request: req(`import sys\nLINE = sys._getframe().f_lineno\n${rightAdd}`) },
  { group: "frame", name: "inspect.currentframe() read and caught (right program)", expect: "violation", request: req(`import inspect\ntry:\n    NAME = inspect.currentframe().f_code.co_name\nexcept Exception:\n    pass\n${rightAdd}`) },
];

const codeCases: HostileCase[] = [
  {
    group: "code", name: "the __code__ of a function the tests pass in gives the answer without calling it", expect: "violation",
    request: req("def call(f):\n    return [c for c in f.__code__.co_consts if type(c) is int][-1]\n", "assert call(lambda: 31337) == 31337\nassert call(lambda: 4242) == 4242"),
  },
  { group: "code", name: "the f_code of the caller's frame", expect: "violation", request: req("import sys\ndef add(a, b):\n    NAME = sys._getframe(1).f_code.co_filename\n    return a - b\n") },
  { group: "code", name: "the __code__ of a runner method reached through sys.stdout (right program)", expect: "violation", request: req(`import sys\nCONSTS = type(sys.stdout).write.__code__.co_consts\n${rightAdd}`) },
];

const answerCases: HostileCase[] = [
  { group: "answer", name: "the test statement's co_consts (caller's frame)", expect: "violation", request: req("import sys\ndef secret(n):\n    consts = sys._getframe(1).f_code.co_consts\n    return max(c for c in consts if type(c) is int)\n", secretTests) },
  { group: "answer", name: "the check() harness's f_locals (expected value in `exp`)", expect: "violation", request: req("import sys\ndef secret(n):\n    return sys._getframe(1).f_locals['exp']\n", secretCheckTests) },
  { group: "answer", name: "f_back.f_globals of the caller (the tests' table of answers)", expect: "violation", request: req("import sys\ndef secret(n):\n    return sys._getframe().f_back.f_globals['ANSWERS'][n]\n", `ANSWERS = {7: 91234, 8: 5077}\n${secretTests}`) },
  { group: "answer", name: "the caller's co_consts reached through a traceback", expect: "violation", request: req("def secret(n):\n    try:\n        raise KeyError\n    except KeyError as e:\n        caller = e.__traceback__.tb_frame.f_back\n    return max(c for c in caller.f_code.co_consts if type(c) is int)\n", secretTests) },
  { group: "answer", name: "inspect.stack()[1].frame.f_locals in a check() harness", expect: "violation", request: req("import inspect\ndef secret(n):\n    return inspect.stack()[1].frame.f_locals['exp']\n", secretCheckTests) },
  {
    group: "answer", name: "the tests' source text read from the runner's frame at import", expect: "violation",
    request: req(py`
      import re, sys
      ANSWERS = {}
      f = sys._getframe()
      while f is not None:
          text = f.f_locals.get("tests")
          if isinstance(text, str):
              ANSWERS.update({int(a): int(b) for a, b in re.findall(r"secret\((\d+)\) == (\d+)", text)})
          f = f.f_back
      def secret(n):
          return ANSWERS.get(n, 0)
    `, secretTests),
  },
];

const gcCases: HostileCase[] = [
  { group: "gc", name: "gc.get_objects, caught", expect: "violation", request: wrongAddWith("import gc\ntry:\n    OBJECTS = gc.get_objects()\nexcept Exception:\n    pass") },
  { group: "gc", name: "gc.get_referrers of a module, caught", expect: "violation", request: wrongAddWith("import gc, sys\ntry:\n    R = gc.get_referrers(sys.modules)\nexcept Exception:\n    pass") },
  { group: "gc", name: "gc.get_referents(str.__dict__) to patch str.upper", expect: "violation", request: req("import gc\ntry:\n    gc.get_referents(str.__dict__)[0]['upper'] = lambda s: 'AB'\nexcept Exception:\n    pass\ndef up(s):\n    return s\n", 'assert up("ab").upper() == "AB"') },
  { group: "gc", name: "a gc walk for frames (gc.get_objects filtered to frames)", expect: "violation", request: wrongAddWith(`${forgeNamespace}import gc, types\ntry:\n    for o in gc.get_objects():\n        if isinstance(o, types.FrameType):\n            _forge_frames(o)\nexcept Exception:\n    pass`) },
];

const pair = (body: string) => `def pair(n):\n    return ${body}\n`;
const fakeCases: HostileCase[] = [
  { group: "fake", name: "an always-equal class", expect: "fake", request: req(`${alwaysEqual(null)}def add(a, b):\n    return Anything()\n`) },
  { group: "fake", name: "an always-equal class with __module__ = 'builtins'", expect: "fake", request: req(`${alwaysEqual("builtins")}def add(a, b):\n    return Anything()\n`) },
  { group: "fake", name: "an always-equal class named and placed like fractions.Fraction", expect: "fake", request: req(`${alwaysEqual("fractions", "Fraction")}def add(a, b):\n    return Fraction()\n`) },
  { group: "fake", name: "an int subclass with a lying __eq__ and __module__ = 'builtins'", expect: "fake", request: req("class I(int):\n    __module__ = 'builtins'\n    def __eq__(self, other):\n        return True\n    __hash__ = int.__hash__\ndef add(a, b):\n    return I(0)\n") },
  { group: "fake", name: "reflected: the expected value on the left (assert 5 == add(...))", expect: "fake", request: req(`${alwaysEqual("builtins")}def add(a, b):\n    return Anything()\n`, "assert 5 == add(2, 3)\nassert 6 == add(10, -4)") },
  { group: "fake", name: "an always-equal class made by exec in a namespace named 'collections'", expect: "fake", request: req("NS = {'__name__': 'collections'}\nexec('class Anything:\\n    def __eq__(self, other):\\n        return True\\n    __hash__ = None\\n', NS)\ndef add(a, b):\n    return NS['Anything']()\n") },
  { group: "fake", name: "an always-equal class compiled with a stdlib file name", expect: "fake", request: req("NS = {'__name__': 'fractions'}\nexec(compile('class Anything:\\n    def __eq__(self, other):\\n        return True\\n    __hash__ = None\\n', '/lib/python3.14/fractions.py', 'exec'), NS)\ndef add(a, b):\n    return NS['Anything']()\n") },
  { group: "fake", name: "an always-equal class made by type() with __module__ = 'builtins'", expect: "fake", request: req("Anything = type('int', (), {'__eq__': lambda self, other: True, '__hash__': None, '__module__': 'builtins'})\ndef add(a, b):\n    return Anything()\n") },
  { group: "fake", name: "an always-equal class made by types.new_class, __module__ = 'enum'", expect: "fake", request: req("import types\nAnything = types.new_class('Anything', (), {}, lambda ns: ns.update(__eq__=lambda self, other: True, __hash__=None, __module__='enum'))\ndef add(a, b):\n    return Anything()\n") },
  { group: "fake", name: "an __eq__ whose code was rebuilt by types.FunctionType with a stdlib file name", expect: "fake", request: req("import types\ncode = (lambda self, other: True).__code__.replace(co_filename='/lib/python3.14/fractions.py', co_name='__eq__')\nclass Anything:\n    __module__ = 'fractions'\n    __hash__ = None\nAnything.__eq__ = types.FunctionType(code, {})\ndef add(a, b):\n    return Anything()\n") },
  { group: "fake", name: "always-equal objects inside a list", expect: "fake", request: req(`${alwaysEqual(null)}${pair("[Anything(), Anything()]")}`, "assert pair(1) == [1, 2]\nassert pair(5) == [5, 6]") },
  { group: "fake", name: "an always-equal object as a dict value inside a tuple", expect: "fake", request: req(`${alwaysEqual(null)}${pair("({'lo': Anything()}, Anything())")}`, "assert pair(1) == ({'lo': 1}, 2)\nassert pair(5) == ({'lo': 5}, 6)") },
  { group: "fake", name: "a lying __ne__ (assert not (x != y))", expect: "fake", request: req("class N:\n    def __ne__(self, other):\n        return False\ndef add(a, b):\n    return N()\n", "assert not (add(2, 3) != 5)\nassert not (add(10, -4) != 6)") },
  { group: "fake", name: "__hash__ + __eq__ for set membership (assert x in {...})", expect: "fake", request: req("class H:\n    def __hash__(self):\n        return hash(5)\n    def __eq__(self, other):\n        return True\ndef add(a, b):\n    return H()\n", "assert add(2, 3) in {5}\nassert add(3, 2) in {5, 50}") },
  { group: "fake", name: "a replaying __len__ for truth tests", expect: "fake", request: req("ANSWERS = iter([1, 0, 1])\nclass L:\n    def __len__(self):\n        return next(ANSWERS)\ndef is_even(n):\n    return L()\n", "assert is_even(4)\nassert not is_even(3)\nassert is_even(10)") },
  { group: "fake", name: "a lying __bool__ under `not`", expect: "fake", request: req("ANSWERS = iter([False, True])\nclass B:\n    def __bool__(self):\n        return next(ANSWERS)\ndef is_odd(n):\n    return B()\n", "assert not is_odd(4)\nassert is_odd(3)") },
  { group: "fake", name: "a replaying __index__ (subscript in the test)", expect: "fake", request: req("ANSWERS = iter([5, 2])\nclass X:\n    def __index__(self):\n        return next(ANSWERS)\ndef add(a, b):\n    return X()\n", "assert [0, 1, 2, 3, 4, 5, 6][add(2, 3)] == 5\nassert [0, 1, 2, 3, 4, 5, 6][add(1, 1)] == 2") },
  { group: "fake", name: "a lying __lt__/__gt__ (chained comparison)", expect: "fake", request: req("class C:\n    def __lt__(self, other):\n        return True\n    def __gt__(self, other):\n        return True\ndef add(a, b):\n    return C()\n", "assert 4 < add(2, 3) < 6\nassert 5 < add(10, -4) < 7") },
  { group: "fake", name: "a replaying __contains__ (in / not in)", expect: "fake", request: req("ANSWERS = iter([True, False])\nclass D:\n    def __contains__(self, item):\n        return next(ANSWERS)\ndef divisors(n):\n    return D()\n", "assert 3 in divisors(12)\nassert 5 not in divisors(12)") },
  { group: "fake", name: "a Counter subclass with a lying __eq__ placed in collections", expect: "fake", request: req("from collections import Counter\nclass Counter2(Counter):\n    __module__ = 'collections'\n    def __eq__(self, other):\n        return True\ndef count(s):\n    return Counter2()\n", 'from collections import Counter\nassert count("aab") == Counter({"a": 2, "b": 1})') },
  { group: "fake", name: "a lying __eq__ inside a dataclass field (stdlib __eq__ on the outside)", expect: "fake", request: req(`${alwaysEqual("builtins")}from dataclasses import dataclass\n@dataclass\nclass P:\n    x: object\ndef make(n):\n    return P(Anything())\n`, "assert make(1) == P(1)\nassert make(2) == P(2)") },
];

const judgeCases: HostileCase[] = [
  { group: "judge", name: "sys.modules['__main__'].__dict__: every dict in it forged", expect: "not_pass", request: wrongAddWith(`${forgeNamespace}_main = vars(sys.modules["__main__"])\nfor _v in [_main, *_main.values()]:\n    try:\n        _forge_namespace(_v)\n    except Exception:\n        pass`) },
  { group: "judge", name: "object.__subclasses__() → a runner class → a method's __globals__", expect: "not_pass", request: wrongAddWith(`${forgeNamespace}for _g in _foreign_globals([v for c in object.__subclasses__() for v in list(vars(c).values())]):\n    _forge_namespace(_g)`) },
  { group: "judge", name: "sys.stdout's class methods' __globals__", expect: "not_pass", request: wrongAddWith(`${forgeNamespace}for _g in _foreign_globals(vars(type(sys.stdout)).values()):\n    _forge_namespace(_g)`) },
  { group: "judge", name: "sys.meta_path entries' find_spec.__globals__", expect: "not_pass", request: wrongAddWith(`${forgeNamespace}for _g in _foreign_globals([getattr(f, "find_spec", None) for f in sys.meta_path] + [v for f in sys.meta_path for v in vars(f).values()]):\n    _forge_namespace(_g)`) },
  { group: "judge", name: "the tests' name __tt_cmp__ replaced in the shared namespace during the first call", expect: "not_pass", request: req("CALLS = []\ndef add(a, b):\n    CALLS.append(1)\n    g = globals()\n    for k in list(g):\n        if k.startswith('__tt'):\n            g[k] = lambda *args: True\n    return a + b if len(CALLS) == 1 else 0\n") },
  { group: "judge", name: "the judge poisoned for later runs through sys.stdout's class (its cache of compiled tests)", expect: "not_pass", request: wrongAddWith(`${forgeNamespace}${poisonNamespace}for _g in _foreign_globals(vars(type(sys.stdout)).values()):\n    _poison_namespace(_g)`) },
  { group: "judge", name: "the runner's namespace cleared (vandalism) through sys.meta_path", expect: "not_pass", request: wrongAddWith(`${forgeNamespace}for _g in _foreign_globals([getattr(f, "find_spec", None) for f in sys.meta_path]):\n    if "_tt_cmp" in _g or "run_exec" in _g:\n        _g.clear()`) },
  {
    group: "judge", name: "the restore baseline poisoned: abs → 0 for every later run", expect: "not_pass",
    request: req(`${forgeNamespace}${py`
      import builtins, types
      _real_abs = builtins.abs
      def _saved_dicts(g):
          for v in list(g.values()):
              if isinstance(v, (type, types.ModuleType)) or not hasattr(v, "__dict__"):
                  continue
              for a in list(vars(v).values()):
                  inner = list(a.values()) if isinstance(a, dict) else list(a) if isinstance(a, tuple) else []
                  yield from (x for x in [a, *inner] if isinstance(x, dict))
      for _g in _foreign_globals(vars(type(sys.stdout)).values()):
          for _d in _saved_dicts(_g):
              if _d.get("abs") is _real_abs:
                  _d["abs"] = lambda x: 0
      builtins.abs = lambda x: 0
      def half(n):
          return 0
    `}`, halfTests.abs),
  },
  { group: "judge", name: "json.JSONEncoder.encode patched to rewrite the serialized verdict (this run and later ones)", expect: "not_pass", request: wrongAddWith("import json\n_real = json.JSONEncoder.encode\ndef _encode(self, o):\n    if isinstance(o, dict) and 'verdict' in o:\n        o = dict(o, verdict='pass', flags=[], tests=[])\n        o.pop('error', None)\n        o.pop('violation', None)\n    return _real(self, o)\njson.JSONEncoder.encode = _encode") },
  { group: "judge", name: "sys.monitoring tools freed and its functions replaced, then an always-equal object", expect: "fake", request: req(`import sys\nM = sys.monitoring\nfor _t in range(6):\n    try:\n        M.set_events(_t, 0)\n        M.free_tool_id(_t)\n    except Exception:\n        pass\ntry:\n    M.set_events = M.set_local_events = M.register_callback = M.use_tool_id = lambda *a, **k: None\nexcept Exception:\n    pass\n${alwaysEqual(null)}def add(a, b):\n    return Anything()\n`) },
  { group: "judge", name: "an audit hook of its own (sys.addaudithook)", expect: "violation", request: wrongAddWith("import sys\ntry:\n    sys.addaudithook(lambda event, args: None)\nexcept Exception:\n    pass") },
];

const worldCases: HostileCase[] = [
  { group: "world", name: "builtins.abs → 0 at import", expect: "not_pass", request: req(`import builtins\nbuiltins.abs = lambda x: 0\n${wrongHalf}`, halfTests.abs) },
  { group: "world", name: "builtins.abs → 0 during the call", expect: "not_pass", request: req("import builtins\ndef half(n):\n    builtins.abs = lambda x: 0\n    return 0\n", halfTests.absAfterCall) },
  { group: "world", name: "builtins.abs patched by a patch that undoes itself after its first use", expect: "not_pass", request: req("import builtins\n_real = builtins.abs\ndef _once(x):\n    builtins.abs = _real\n    return 0\nbuiltins.abs = _once\ndef half(n):\n    return 0\n", halfTests.abs) },
  { group: "world", name: "the namespace's own __builtins__ replaced (abs → 0)", expect: "not_pass", request: req(`import builtins\n__builtins__ = dict(vars(builtins), abs=lambda x: 0)\n${wrongHalf}`, halfTests.abs) },
  { group: "world", name: "builtins.__import__ hands the tests a fake math", expect: "not_pass", request: req("import builtins, types\n_real = builtins.__import__\n_fake = types.SimpleNamespace(isclose=lambda *a, **k: True)\ndef _imp(name, *args, **kwargs):\n    return _fake if name == 'math' else _real(name, *args, **kwargs)\nbuiltins.__import__ = _imp\ndef half(n):\n    return 0\n", halfTests.isclose) },
  { group: "world", name: "math.isclose → True at import", expect: "not_pass", request: req(`import math\nmath.isclose = lambda *a, **k: True\n${wrongHalf}`, halfTests.isclose) },
  { group: "world", name: "math.isclose → True via sys.modules during the call, restored on first use", expect: "not_pass", request: req("import sys\ndef half(n):\n    m = sys.modules['math']\n    real = m.isclose\n    def once(*a, **k):\n        m.isclose = real\n        return True\n    m.isclose = once\n    return 0\n", halfTests.iscloseAfterCall) },
  { group: "world", name: "math.isclose → True via importlib.import_module", expect: "not_pass", request: req(`import importlib\nimportlib.import_module('math').isclose = lambda *a, **k: True\n${wrongHalf}`, halfTests.isclose) },
  { group: "world", name: "random.randint → 1 (module attribute)", expect: "not_pass", request: req("import random\nrandom.randint = lambda a, b: 1\ndef add(a, b):\n    return 2\n", randomTests) },
  { group: "world", name: "random.Random._randbelow → 0 (stdlib class attribute: randint(a, b) is then a)", expect: "not_pass", request: req("import random\nrandom.Random._randbelow = lambda self, n: 0\ndef add(a, b):\n    return 2\n", randomTests) },
  { group: "world", name: "random.Random.randint → 1 (stdlib class attribute; the tests draw from their own Random)", expect: "not_pass", request: req("import random\nrandom.Random.randint = lambda self, a, b: 1\ndef add(a, b):\n    return 2\n", "import random\nrng = random.Random(99)\na = rng.randint(1, 10**6)\nb = rng.randint(1, 10**6)\nassert add(a, b) == a + b") },
  { group: "world", name: "collections.Counter.__eq__ → True (stdlib class attribute)", expect: "not_pass", request: req("import collections\ncollections.Counter.__eq__ = lambda self, other: True\ndef count(s):\n    return collections.Counter()\n", counterTests) },
  { group: "world", name: "collections.Counter.__eq__ → True during the call, undone after first use", expect: "not_pass", request: req("import collections\ndef count(s):\n    real = collections.Counter.__eq__\n    def once(self, other):\n        collections.Counter.__eq__ = real\n        return True\n    collections.Counter.__eq__ = once\n    return collections.Counter()\n", counterTests) },
  { group: "world", name: "fractions.Fraction.__eq__ → True", expect: "not_pass", request: req("import fractions\nfractions.Fraction.__eq__ = lambda self, other: True\ndef ratio(a, b):\n    return fractions.Fraction(0)\n", "from fractions import Fraction\nassert ratio(1, 2) == Fraction(1, 2)") },
  { group: "world", name: "builtins.sorted → a constant", expect: "not_pass", request: req("import builtins\nbuiltins.sorted = lambda xs, **k: [1, 2, 3]\ndef shuffle_back(xs):\n    return []\n", "assert sorted(shuffle_back([3, 1, 2])) == [1, 2, 3]") },
  { group: "world", name: "collections.UserString.upper patched (a str-like stdlib class)", expect: "not_pass", request: req("import collections\ncollections.UserString.upper = lambda self: 'AB'\ndef wrap(s):\n    return collections.UserString('zz')\n", 'assert wrap("ab").upper() == "AB"') },
  { group: "world", name: "statistics.median patched (a module the tests import)", expect: "not_pass", request: req("import statistics\nstatistics.median = lambda xs: 0\ndef my_median(xs):\n    return 0\n", "import statistics\nassert my_median([3, 1, 2]) == statistics.median([3, 1, 2])") },
  { group: "world", name: "calendar (not preloaded) imported and patched before the tests import it", expect: "not_pass", request: req("import calendar\ncalendar.monthrange = lambda y, m: (0, 0)\ndef days(y, m):\n    return 0\n", "import calendar\nassert days(2024, 2) == calendar.monthrange(2024, 2)[1]") },
  { group: "world", name: "sys.modules['statistics'] replaced by a fake module", expect: "not_pass", request: req("import sys, types\nsys.modules['statistics'] = types.SimpleNamespace(median=lambda xs: 0)\ndef my_median(xs):\n    return 0\n", "import statistics\nassert my_median([3, 1, 2]) == statistics.median([3, 1, 2])") },
  { group: "world", name: "json.dumps patched (the tests compute the expected value with it)", expect: "not_pass", request: req("import json\njson.dumps = lambda *a, **k: ''\ndef encode(x):\n    return ''\n", "import json\nassert encode([1]) == json.dumps([1])") },
  { group: "world", name: "operator.eq patched (the tests compare with it)", expect: "not_pass", request: req("import operator\noperator.eq = lambda a, b: True\ndef add(a, b):\n    return a - b\n", "import operator\nassert operator.eq(add(2, 3), 5)\nassert operator.eq(add(10, -4), 6)") },
];

const laterCases: HostileCase[] = [
  { group: "later", name: "__del__ of a global patches builtins.abs after the run", expect: "not_pass", request: req("import builtins\nclass Later:\n    def __del__(self):\n        builtins.abs = lambda x: 0\nKEEP = Later()\ndef half(n):\n    return 0\n", halfTests.abs) },
  { group: "later", name: "__del__ of a global walks the runner's frames after the run and forges the judge", expect: "not_pass", request: wrongAddWith(`${forgeNamespace}class Later:\n    def __del__(self):\n        _forge_frames(sys._getframe())\nKEEP = Later()`) },
  { group: "later", name: "__del__ of a local object patches builtins.abs as the call returns", expect: "not_pass", request: req("import builtins\nclass Later:\n    def __del__(self):\n        builtins.abs = lambda x: 0\ndef half(n):\n    local = Later()\n    return 0\n", halfTests.absAfterCall) },
  // A finalizer or weakref callback that referred to the program's namespace would keep it alive forever; these
  // are defined by exec in a dict of their own, so they fire when the namespace is collected after the run.
  { group: "later", name: "weakref.finalize patches math.isclose after the run", expect: "not_pass", request: req("import math, operator, weakref\nclass Anchor:\n    pass\nKEEP = Anchor()\nweakref.finalize(KEEP, setattr, math, 'isclose', operator.ne)\ndef half(n):\n    return 0\n", halfTests.isclose) },
  { group: "later", name: "a weakref callback (kept alive by atexit) patches collections.Counter.__eq__ after the run", expect: "not_pass", request: req("import atexit, collections, weakref\nG = {}\nexec('import collections\\ndef cb(ref):\\n    collections.Counter.__eq__ = lambda self, other: True\\n', G)\nclass Anchor:\n    pass\nKEEP = Anchor()\natexit.register(len, [weakref.ref(KEEP, G['cb'])])\ndef count(s):\n    return collections.Counter()\n", counterTests) },
  { group: "later", name: "an atexit callback patches builtins.abs", expect: "not_pass", request: req("import atexit, builtins\natexit.register(setattr, builtins, 'abs', lambda x: 0)\ndef half(n):\n    return 0\n", halfTests.abs) },
  { group: "later", name: "a gc callback patches builtins.abs whenever a collection runs", expect: "not_pass", request: req("import builtins, gc\ndef _cb(phase, info):\n    builtins.abs = lambda x: 0\ngc.callbacks.append(_cb)\ndef half(n):\n    return 0\n", halfTests.abs) },
  {
    group: "later", name: "__repr__ of the returned value (called to report the failure) rewrites the runner's verdict", expect: "not_pass",
    request: req("import sys\nclass R:\n    def __repr__(self):\n        f = sys._getframe(1)\n        while f is not None:\n            if 'v' in f.f_locals and 'results' in f.f_locals:\n                f.f_locals['v'] = None\n            f = f.f_back\n        return '5'\ndef add(a, b):\n    return R()\n"),
  },
  { group: "later", name: "__repr__ of the returned value patches collections.Counter.__eq__ for later runs", expect: "not_pass", request: req("import collections\nclass C(collections.Counter):\n    def __repr__(self):\n        collections.Counter.__eq__ = lambda self, other: True\n        return 'Counter()'\ndef count(s):\n    return C()\n", counterTests) },
  { group: "later", name: "__del__ reaches JavaScript after the run (right program): still its violation", expect: "violation", request: req(`import sys\nclass Later:\n    def __del__(self):\n        try:\n            import pyodide_js\n        except BaseException:\n            pass\nKEEP = Later()\n${rightAdd}`) },
];

const jsCases: HostileCase[] = [
  { group: "js", name: "import js, caught", expect: "violation", request: req(`try:\n    import js\nexcept BaseException:\n    pass\n${rightAdd}`) },
  { group: "js", name: "importlib.import_module('pyodide_js'), caught", expect: "violation", request: req(`import importlib\ntry:\n    importlib.import_module('pyodide_js')\nexcept BaseException:\n    pass\n${rightAdd}`) },
  { group: "js", name: "__import__('_pyodide'), caught", expect: "violation", request: req(`try:\n    __import__('_pyodide')\nexcept BaseException:\n    pass\n${rightAdd}`) },
  { group: "js", name: "exec('import pyodide.ffi'), caught", expect: "violation", request: req(`try:\n    exec('import pyodide.ffi')\nexcept BaseException:\n    pass\n${rightAdd}`) },
  { group: "js", name: "sys.meta_path finder attributes (JsFinder.jsproxies)", expect: "unreached", request: req(`import sys\nJS = [getattr(f, 'jsproxies', {}).get('pyodide_js') for f in sys.meta_path]\nJS = [j for j in JS if j is not None]\nREACHED = bool(JS)\n${addUnlessReached}`) },
  { group: "js", name: "the _pyodide_core module found on sys.modules['__main__']", expect: "unreached", request: req(`import sys\nCORE = getattr(sys.modules['__main__'], '_pyodide_core', None)\nif CORE is not None:\n    PROXY = CORE.to_js([1])\nREACHED = CORE is not None\n${addUnlessReached}`) },
  { group: "js", name: "the runner's namespace (saved modules) through sys.stdout's class", expect: "unreached", request: req(`import sys\nJS = None\nfor _v in vars(type(sys.stdout)).values():\n    _g = getattr(_v, '__globals__', None)\n    if _g and '_baseline' in _g:\n        JS = _g['_baseline'].blocked.get('pyodide_js')\nREACHED = JS is not None\n${addUnlessReached}`) },
  { group: "js", name: "the runner's frame (saved modules in its globals)", expect: "violation", request: req(`import sys\ntry:\n    JS = sys._getframe().f_back.f_globals['_baseline'].blocked['pyodide_js']\n    VERSION = JS.version\nexcept Exception:\n    pass\n${rightAdd}`) },
  { group: "js", name: "a JsProxy left in a stdlib module (asyncio's event loop policy → webloop globals)", expect: "unreached", request: req(`import asyncio.events\ntry:\n    _p = asyncio.events._event_loop_policy\n    CB = type(_p).__init__.__globals__.get('scheduleCallback')\n    NAME = type(CB).__name__\nexcept Exception:\n    CB = None\nREACHED = CB is not None\n${addUnlessReached}`) },
];

const seedCases: HostileCase[] = [
  {
    group: "seed", name: "random.seed at import and answers precomputed for the inputs that seed gives the tests", expect: "fail",
    request: req("import random\nrandom.seed(2024)\n_twin = random.Random(2024)\n_a = _twin.randint(1, 10**6)\n_b = _twin.randint(1, 10**6)\ndef add(a, b):\n    return _a + _b\n", randomTests),
  },
];

export const hostileCases: readonly HostileCase[] = [
  ...frameCases, ...codeCases, ...answerCases, ...gcCases, ...fakeCases, ...judgeCases, ...worldCases, ...laterCases, ...jsCases, ...seedCases,
];

/** True when `verdict`/`flags` meet the case's expectation. */
export function meetsExpectation(expectation: HostileExpectation, result: { verdict: string; flags: string[] }): boolean {
  if (expectation === "violation") return result.verdict === "violation";
  if (expectation === "fake") return result.verdict === "violation" || (result.verdict === "fail" && result.flags.includes("fake_pass"));
  if (expectation === "fail") return result.verdict === "fail";
  if (expectation === "unreached") return result.verdict === "pass" || result.verdict === "violation";
  return result.verdict !== "pass";
}
