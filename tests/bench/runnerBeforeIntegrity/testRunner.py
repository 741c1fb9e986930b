# Part of the interpreter worker's Python runner: sandboxGuard.py, interpreterState.py, testRunner.py,
# tracer.py and runner.py are joined, in that order, into one namespace (interpreterWorker.ts); they share names.
# The test runner: a program and its tests (MBPP asserts or a HumanEval check harness) → a verdict.
import ast
import builtins
import sys


def _error_info(exc, files=("<program>",)):
    """type, message and the line of the deepest frame in one of `files` (the user's own code)."""
    line = None
    if isinstance(exc, SyntaxError) and exc.filename in files:
        line = exc.lineno
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename in files:
            line = tb.tb_lineno
        tb = tb.tb_next
    try:
        message = str(exc)
    except BaseException:
        message = "<unprintable exception>"
    return {"type": type(exc).__name__, "message": message[:2000], "line": line}


def _capped_repr(value, limit):
    kind = type(value)
    if kind is int or kind is bool or kind is float or kind is type(None):
        text = repr(value)
        return text if len(text) <= limit else text[: limit - 1] + "…"
    try:
        if type(value) in (list, tuple, set, frozenset, dict) and len(value) > 64:
            if type(value) is dict:
                head = dict(list(value.items())[:64])
            else:
                head = list(value)[:64]
            text = repr(head)[:-1] + ", …" + repr(head)[-1:]
        else:
            text = repr(value)
    except BaseException as exc:  # a user __repr__ that raises must not stop the run
        text = f"<repr failed: {type(exc).__name__}>"
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def _user_defined_eq(value):
    """True when the value's __eq__ comes from a class the program defined (a possible "fake pass")."""
    for klass in type(value).__mro__:
        if "__eq__" in klass.__dict__ or "__bool__" in klass.__dict__:
            module = klass.__module__
            return module == "__main__" or module not in _baseline.modules
    return False


def _tt_cmp(left, right, is_eq):
    if _user_defined_eq(left) or _user_defined_eq(right):
        State.fake_eq = True
    State.last_actual = left
    result = left == right if is_eq else left != right
    if type(result) is not bool and _user_defined_eq(result):
        State.fake_eq = True
    return result


def _tt_truth(value):
    if type(value) is not bool and _user_defined_eq(value):
        State.fake_eq = True
    return value


# Fields of a statement that hold statements (or ExceptHandler / match_case nodes, which do): an assert is a
# statement, so only these need a visit, never the expressions, which are most of the tree.
_STATEMENT_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")


def _rewrite_asserts(nodes):
    """`assert a == b` → `assert __tt_cmp__(a, b, True)` so the actual value is recorded and fake __eq__ flagged.
    In place, with locations copied by hand, visiting statement lists only: ast.NodeTransformer (or ast.walk)
    visits every node in pure Python and cost ~0.7 ms per MBPP sample, more than running it.
    Returns how many asserts it rewrote."""
    count = 0
    for node in nodes:
        if type(node) is ast.Assert:
            count += 1
            test = node.test
            if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (ast.Eq, ast.NotEq)):
                args = [test.left, test.comparators[0], ast.copy_location(ast.Constant(isinstance(test.ops[0], ast.Eq)), test)]
                name = "__tt_cmp__"
            else:
                args = [test]
                name = "__tt_truth__"
            node.test = ast.copy_location(ast.Call(ast.copy_location(ast.Name(name, ast.Load()), test), args, []), test)
            continue
        for field in _STATEMENT_FIELDS:
            inner = getattr(node, field, None)
            if type(inner) is list and inner:
                count += _rewrite_asserts(inner)
    return count


def _detect_entry(program_tree):
    names = [n.name for n in program_tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    return names[-1] if names else None


def _result(verdict, **fields):
    fields["verdict"] = verdict
    return fields


class _Run:
    """One run: fresh namespace, capped output, the audit hook armed, and the interpreter restored after."""

    def __init__(self, limits):
        self.budget = [int(limits["maxOutputBytes"])]
        self.out = CappedWriter(self.budget)
        self.err = CappedWriter(self.budget)
        self.limits = limits
        self.ns = {"__name__": "__main__", "__builtins__": builtins, "__doc__": None}

    def __enter__(self):
        State.violation = None
        State.output_exceeded = False
        State.fake_eq = False
        State.last_actual = None
        _baseline.enter_user()
        sys.stdout, sys.stderr, sys.stdin = self.out, self.err, EmptyStdin()
        depth = len(_stack_depth())
        sys.setrecursionlimit(int(self.limits["recursionLimit"]) + depth + 8)
        State.user = True
        return self

    def __exit__(self, *exc):
        State.user = False
        _baseline.restore()
        return False

    def user_exec(self, code):
        exec(code, self.ns)


def _stack_depth():
    frames = []
    frame = sys._getframe()
    while frame is not None:
        frames.append(frame)
        frame = frame.f_back
    return frames


def _classify(exc, in_test):
    """The verdict for an exception that ended user code."""
    if not State.violation:
        # Python reached JavaScript (which the process layer then refused), or tried to start a process.
        if type(exc).__name__ == "JsException":
            State.violation = "reached JavaScript"
        elif isinstance(exc, OSError) and "does not support processes" in str(exc):
            State.violation = "start a process"
    if State.violation:
        return "violation"
    if State.output_exceeded or isinstance(exc, OutputLimitExceeded):
        return "output_limit"
    if isinstance(exc, KeyboardInterrupt):
        return "timeout"  # the only KeyboardInterrupt is the worker's interrupt: a time limit or a cancel
    if isinstance(exc, MemoryError):
        return "memory"
    if in_test and isinstance(exc, AssertionError):
        return "fail"
    return "error"


# Compiled tests by (tests text, test kind): NExT verifies many samples of one task against the same tests, and
# parsing, rewriting and compiling them is ~40% of the runner's own time on an MBPP sample. Code objects and
# strings are immutable, so a cached entry cannot carry anything from one run to the next.
_TESTS_CACHE_SIZE = 256
_tests_cache = {}


def _compile_tests(tests, test_kind):
    """(test_items, kind, calls_check) for a tests text, or {"bad_input": ...}; cached (see _tests_cache)."""
    key = (tests, test_kind)
    hit = _tests_cache.get(key)
    if hit is not None:
        return hit
    try:
        tests_tree = ast.parse(tests, "<tests>")
    except SyntaxError as exc:
        return {"bad_input": f"the tests do not parse: {exc.msg} (line {exc.lineno})"}
    has_check = any(isinstance(n, ast.FunctionDef) and n.name == "check" for n in tests_tree.body)
    kind = test_kind or ("check" if has_check else "asserts")
    if kind == "check" and not has_check:
        return {"bad_input": "the tests have no `def check(candidate)` harness"}
    calls_check = any(isinstance(n, ast.Expr) and isinstance(n.value, ast.Call) and isinstance(n.value.func, ast.Name)
                      and n.value.func.id == "check" for n in tests_tree.body)
    if _rewrite_asserts(tests_tree.body) == 0:
        return {"bad_input": "the tests contain no assert statement"}
    test_items = []
    if kind == "asserts":
        for node in tests_tree.body:
            segment = ast.get_source_segment(tests, node) if isinstance(node, ast.Assert) else None
            code = compile(ast.Module([node], []), "<tests>", "exec")
            test_items.append((code, segment if isinstance(node, ast.Assert) else None))
    else:
        test_items.append((compile(tests_tree, "<tests>", "exec"), None))
    compiled = (tuple(test_items), kind, calls_check)
    if len(_tests_cache) >= _TESTS_CACHE_SIZE:
        del _tests_cache[next(iter(_tests_cache))]  # the oldest entry (dicts keep insertion order)
    _tests_cache[key] = compiled
    return compiled


def run_exec(req):
    limits = req["limits"]
    program, tests = req["program"], req.get("tests")
    setup = req.get("setup") or ""
    # Compiled straight from the text: ast.parse + compile(tree) builds and converts back a Python-object tree,
    # ~2x the cost. compile also reports what only the compiler sees (`return` outside a function) as syntax.
    try:
        program_code = compile(program, "<program>", "exec")
    except SyntaxError as exc:
        return _result("syntax", error=_error_info(exc), tests=[])
    except (ValueError, MemoryError) as exc:
        return _result("syntax", error={"type": type(exc).__name__, "message": str(exc), "line": None}, tests=[])
    test_items, kind, calls_check = (), None, False
    if tests is not None:
        compiled = _compile_tests(tests, req.get("testKind"))
        if type(compiled) is dict:
            return compiled
        test_items, kind, calls_check = compiled
    entry = req.get("entryPoint")
    if entry is None and kind == "check" and not calls_check:
        entry = _detect_entry(ast.parse(program, "<program>"))
    results = []
    with _Run(limits) as run:
        verdict, error = None, None
        try:
            if setup:
                run.user_exec(compile(setup, "<setup>", "exec"))
            run.user_exec(program_code)
        except BaseException as exc:
            verdict, error = _classify(exc, False), _error_info(exc, ("<program>", "<setup>"))
        if verdict is None and entry is not None and not callable(run.ns.get(entry)):
            verdict = "missing_entry_point"
            error = {"type": "NameError", "message": f"the program defines no function named {entry!r}", "line": None}
        if verdict is None and tests is not None:
            run.ns["__tt_cmp__"] = _tt_cmp
            run.ns["__tt_truth__"] = _tt_truth
            index = 0
            for code, source in test_items:
                is_test = kind == "check" or source is not None
                State.last_actual = None
                try:
                    run.user_exec(code)
                    if kind == "check" and not calls_check:
                        run.ns["__tt_candidate__"] = run.ns[entry]
                        run.user_exec(compile("check(__tt_candidate__)", "<tests>", "exec"))
                    if is_test:
                        results.append({"index": index, "source": source, "passed": True} if source else {"index": index, "passed": True})
                except BaseException as exc:
                    v = _classify(exc, True)
                    info = _error_info(exc, ("<program>", "<tests>"))
                    item = {"index": index, "passed": False, "error": info}
                    if source:
                        item["source"] = source
                    if v == "fail" and State.last_actual is not None:
                        item["actual"] = _capped_repr(State.last_actual, 500)
                    if is_test:
                        results.append(item)
                    if verdict is None:
                        verdict, error = v, info
                    if v not in ("fail", "error") or not is_test:
                        break  # a limit ended the run, or a setup statement of the tests failed
                if is_test:
                    index += 1
        # The sentinel: only a run that got here, with every test run and none failed, is a pass.
        flags = []
        if State.fake_eq:
            flags.append("fake_pass")
        if verdict is None:
            verdict = "fail" if State.fake_eq else "pass"
        if State.violation and verdict not in ("timeout",):
            verdict = "violation"
            error = error or {"type": "SandboxViolation", "message": State.violation, "line": None}
        if State.output_exceeded:
            verdict = "output_limit"
            flags.append("output_truncated")
    out = _result(verdict, tests=results, stdout=run.out.value(), stderr=run.err.value(), flags=flags, sentinel=req["nonce"])
    if error:
        out["error"] = error
    if State.violation:
        out["violation"] = State.violation
    return out
