# Part of the interpreter worker's Python runner: sandboxGuard.py, testRunner.py, tracer.py, runner.py,
# judgeWorld.py and judge.py are joined, in that order, into one namespace (interpreterWorker.ts); they share names.
# The entry point for runs that are not judged test runs (traces). Exec runs go through prepare_exec,
# the judge's run_exec and describe_exec, driven by the worker's JavaScript.
import json


def handle(request_json):
    req = json.loads(request_json)
    op = req["op"]
    if op == "trace":
        result = run_trace(req)
    else:
        result = {"bad_input": f"unknown op {op!r}"}
    # check_circular off: results are trees we built; compact separators: the trace can be megabytes.
    return json.dumps(result, check_circular=False, separators=(",", ":"))
