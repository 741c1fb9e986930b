# Part of the interpreter worker's Python runner: sandboxGuard.py, testRunner.py, tracer.py, runner.py,
# judgeWorld.py and judge.py are joined, in that order, into one namespace (interpreterWorker.ts); they share names.
# The test runner: a program and its tests (MBPP asserts or a HumanEval check harness) → a verdict.
import ast
import builtins
import json
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


# Comparison operators the judge's __tt_cmp__ knows, by index (judge.py compare_ops).
_COMPARE_INDEX = {ast.Eq: 0, ast.NotEq: 1, ast.Lt: 2, ast.LtE: 3, ast.Gt: 4, ast.GtE: 5, ast.In: 6, ast.NotIn: 7, ast.Is: 8, ast.IsNot: 9}


def _call(name, args, like):
    return ast.copy_location(ast.Call(ast.copy_location(ast.Name(name, ast.Load()), like), args, []), like)


def _judged(expr):
    """An assert's condition with every comparison and truth test made through the judge (judge.py), which
    sees them happen: `a == b` → `__tt_cmp__(a, b, 0)`, `a < b < c` → `__tt_chain__((2, 2), a, lambda: b,
    lambda: c)` (operands still evaluated lazily, left to right), `x and y` / `not x` keep their shape with
    judged parts, anything else → `__tt_truth__(x)`."""
    if isinstance(expr, ast.Compare):
        ops = [_COMPARE_INDEX[type(op)] for op in expr.ops]
        if len(ops) == 1:
            return _call("__tt_cmp__", [expr.left, expr.comparators[0], ast.copy_location(ast.Constant(ops[0]), expr)], expr)
        thunks = [ast.copy_location(ast.Lambda(ast.arguments([], [], None, [], [], None, []), right), right) for right in expr.comparators]
        return _call("__tt_chain__", [ast.copy_location(ast.Constant(tuple(ops)), expr), expr.left, *thunks], expr)
    if isinstance(expr, ast.BoolOp):
        expr.values = [_judged(value) for value in expr.values]
        return expr
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.Not):
        expr.operand = _judged(expr.operand)
        return expr
    return _call("__tt_truth__", [expr], expr)


# Fields of a statement that hold statements (or ExceptHandler / match_case nodes, which do): an assert is a
# statement, so only these need a visit, never the expressions, which are most of the tree.
_STATEMENT_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")


def _rewrite_asserts(nodes):
    """Rewrites every assert's condition with _judged, in place, visiting statement lists only (ast.NodeTransformer
    visits every node in pure Python: HumanEval+ tests hold huge literals). Returns how many asserts it rewrote."""
    count = 0
    for node in nodes:
        if type(node) is ast.Assert:
            count += 1
            node.test = _judged(node.test)
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
    """Output capture and the recursion limit for one run; the judge (judge.py) restores everything after it."""

    def __init__(self, limits):
        self.budget = [int(limits["maxOutputBytes"])]
        self.out = CappedWriter(self.budget)
        self.err = CappedWriter(self.budget)
        self.limits = limits
        self.ns = {"__name__": "__main__", "__builtins__": builtins, "__doc__": None}

    def __enter__(self):
        State.violation = None
        State.output_exceeded = False
        sys.stdout, sys.stderr, sys.stdin = self.out, self.err, EmptyStdin()
        depth, frame = 0, sys._getframe()
        while frame is not None:
            depth, frame = depth + 1, frame.f_back
        sys.setrecursionlimit(int(self.limits["recursionLimit"]) + depth + 8)
        return self

    def __exit__(self, *exc):
        return False

    def user_exec(self, code):
        exec(code, self.ns)


def _classify(exc, in_test):
    """A trace's reason for an exception that ended user code (exec verdicts are the judge's: judge.py)."""
    if isinstance(exc, OutputLimitExceeded) or State.output_exceeded:
        return "output_limit"
    if isinstance(exc, KeyboardInterrupt):
        return "timeout"
    if isinstance(exc, MemoryError):
        return "memory"
    if in_test and isinstance(exc, AssertionError):
        return "fail"
    return "error"


def _compile_tests(tests, test_kind, cache):
    """(test_items, kind, calls_check) for a tests text, or {"bad_input": ...}. `cache` is the judge's: NExT
    verifies many samples of one task against the same tests, and parsing, rewriting and compiling them is ~40%
    of the runner's own time on an MBPP sample; the cache lives where no program can reach it (judge.py)."""
    key = (tests, test_kind)
    hit = cache.get(key)
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
    ast.fix_missing_locations(tests_tree)
    test_items = []
    if kind == "asserts":
        for node in tests_tree.body:
            segment = ast.get_source_segment(tests, node) if isinstance(node, ast.Assert) else None
            code = compile(ast.Module([node], []), "<tests>", "exec", dont_inherit=True, optimize=0)
            test_items.append((code, segment))
    else:
        test_items.append((compile(tests_tree, "<tests>", "exec", dont_inherit=True, optimize=0), None))
    compiled = (tuple(test_items), kind, calls_check)
    if len(cache) >= 256:
        del cache[next(iter(cache))]  # the oldest entry (dicts keep insertion order)
    cache[key] = compiled
    return compiled


_CHECK_CALL = compile("check(__tt_candidate__)", "<tests>", "exec")


def prepare_exec(request_json, cache):
    """Everything of an exec run that happens before the program's code: parsing, compiling, output capture.
    Returns a JSON result when the run ends here (syntax, bad tests), else what judge.run_exec and
    describe_exec need."""
    req = json.loads(request_json)
    limits = req["limits"]
    program, tests = req["program"], req.get("tests")
    setup = req.get("setup") or ""
    # Compiled straight from the text: ast.parse + compile(tree) builds and converts back a Python-object tree,
    # ~2x the cost. compile also reports what only the compiler sees (`return` outside a function) as syntax.
    try:
        program_code = compile(program, "<program>", "exec", dont_inherit=True)
    except SyntaxError as exc:
        return json.dumps(_result("syntax", error=_error_info(exc), tests=[], flags=[]))
    except (ValueError, MemoryError) as exc:
        return json.dumps(_result("syntax", error={"type": type(exc).__name__, "message": str(exc), "line": None}, tests=[], flags=[]))
    test_items, kind, calls_check = (), None, False
    if tests is not None:
        compiled = _compile_tests(tests, req.get("testKind"), cache)
        if type(compiled) is dict:
            return json.dumps(compiled)
        test_items, kind, calls_check = compiled
    entry = req.get("entryPoint")
    if entry is None and kind == "check" and not calls_check:
        entry = _detect_entry(ast.parse(program, "<program>"))
    setup_code = compile(setup, "<setup>", "exec", dont_inherit=True) if setup else None
    run = _Run(limits).__enter__()
    items = tuple((code, source is not None or kind == "check") for code, source in test_items)
    check_call = _CHECK_CALL if kind == "check" and not calls_check else None
    sources = tuple(source for code, source in test_items if source is not None or kind == "check")
    return (program_code, setup_code, run.ns, entry, items, check_call, int(req.get("testSeed") or 0), run, sources, req["nonce"])


def describe_exec(prepared, outcome):
    """The result JSON of an exec run, from the judge's outcome. Details only (error text, the failing value's
    repr, output): the verdict and which tests passed are the judge's and JavaScript checks them against it."""
    run, sources, nonce = prepared[7], prepared[8], prepared[9]
    verdict, error, outcomes = outcome[0], outcome[1], outcome[2]
    results = []
    for index, (passed, exc, actual) in enumerate(outcomes):
        item = {"index": index, "passed": passed}
        if index < len(sources) and sources[index]:
            item["source"] = sources[index]
        if exc is not None:
            item["error"] = _error_info(exc, ("<program>", "<tests>"))
            if isinstance(exc, AssertionError) and actual is not None:
                item["actual"] = _capped_repr(actual, 500)
        results.append(item)
    out = _result(verdict or "pass", tests=results, stdout=run.out.value(), stderr=run.err.value(), flags=[], sentinel=nonce)
    if error is not None:
        out["error"] = _error_info(error, ("<program>", "<setup>", "<tests>"))
    elif verdict == "missing_entry_point":
        out["error"] = {"type": "NameError", "message": f"the program defines no function named {prepared[3]!r}", "line": None}
    if State.output_exceeded:
        out["flags"].append("output_truncated")
    return json.dumps(out, check_circular=False, separators=(",", ":"))
