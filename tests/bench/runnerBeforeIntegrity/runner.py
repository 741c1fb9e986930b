# Part of the interpreter worker's Python runner: sandboxGuard.py, interpreterState.py, testRunner.py,
# tracer.py and runner.py are joined, in that order, into one namespace (interpreterWorker.ts); they share names.
# The entry point the worker's JavaScript calls once per run.
import gc
import json


def handle(request_json):
    global _baseline
    req = json.loads(request_json)
    if _baseline is None:
        _baseline = Baseline()
    op = req["op"]
    if op == "exec" or op == "run":
        result = run_exec(req)
    elif op == "trace":
        result = run_trace(req)
    elif op == "restore_check":
        result = {"repaired": _baseline.restore()}
    else:
        result = {"bad_input": f"unknown op {op!r}"}
    # check_circular off: results are trees we built; compact separators: the trace can be megabytes.
    return json.dumps(result, check_circular=False, separators=(",", ":"))


def prepare():
    """Called once when the worker starts: captures the baseline the interpreter returns to after each run."""
    global _baseline
    gc.collect()
    _baseline = Baseline()
