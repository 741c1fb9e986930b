import type { IoCase } from "../../api/taskTypes.js";
import type { PythonRunner } from "../validation/PythonRunner.js";
import { RecordProblem } from "./TaskDraft.js";

/**
 * Runs a HumanEval+ record's canonical solution over every input (base + plus) in the sandbox, once, at
 * import, and returns each input with the repr of its output, as EvalPlus computes expected outputs. The raw
 * JSON line is handed to Python's own `json` (base64, so no escaping question), which keeps 1.0 a float,
 * something JavaScript's JSON.parse would lose. Inputs on which the canonical solution raises are invalid
 * inputs (EvalPlus's contracts exclude them) and are dropped; their count is returned. Huge outputs of plain
 * types (str, int, bool, lists/tuples of them, and floats where comparison is exact anyway) are kept as a
 * sha256 of the repr:
 * HumanEval/15's 137 expected outputs alone are 147 MB, and ints over 4300 digits do not even parse back.
 */
export async function computeExpectedOutputs(options: {
  runtime: PythonRunner;
  rawLine: string;
  signal?: AbortSignal;
  /** Default: 180 000 ms; the slowest tasks take ~15 s in CPython and Pyodide is a few times slower. */
  timeoutMs?: number;
}): Promise<{ cases: IoCase[]; dropped: number }> {
  const { runtime, rawLine, signal, timeoutMs = 180_000 } = options;
  const program = `
import base64, copy, hashlib, json, sys
sys.set_int_max_str_digits(0)
def _is_floats(v):
    return isinstance(v, float) or (isinstance(v, (list, tuple)) and len(v) > 0 and all(isinstance(x, float) for x in v))
def _plain(v, depth=0, floats=False):
    if isinstance(v, (bool, int, str)) or (floats and isinstance(v, float) and v == v):
        return True
    return isinstance(v, (list, tuple)) and depth < 3 and all(_plain(x, depth + 1, floats) for x in v)
def _hashable(v):
    # Floats only where EvalPlus would compare exactly anyway (atol 0 and not all floats, e.g. HumanEval/130's
    # mixed int/float lists); there a hash is exact equality, stricter only in telling 1 from 1.0.
    return _plain(v) or (_atol == 0 and not _is_floats(v) and _plain(v, floats=True))
def _big_int(v, depth=0):
    if isinstance(v, int) and not isinstance(v, bool):
        return abs(v) >= 10 ** 4000
    return isinstance(v, (list, tuple)) and depth < 3 and any(_big_int(x, depth + 1) for x in v)
_rec = json.loads(base64.b64decode("${Buffer.from(rawLine, "utf8").toString("base64")}").decode("utf-8"))
_atol = _rec.get("atol") or 0
_ns = {}
exec(_rec["prompt"] + _rec["canonical_solution"], _ns)
_fn = _ns[_rec["entry_point"]]
_out = []
_dropped = 0
for _inp in list(_rec["base_input"]) + list(_rec["plus_input"]):
    try:
        _res = _fn(*copy.deepcopy(_inp))
        _r = repr(_res)
        if (len(_r) > 65536 or _big_int(_res)) and _hashable(_res):
            _out.append([repr(_inp), "<%s, %d characters>" % (type(_res).__name__, len(_r)), hashlib.sha256(_r.encode()).hexdigest()])
        else:
            _out.append([repr(_inp), _r])
    except BaseException:
        _dropped += 1
print(json.dumps({"cases": _out, "dropped": _dropped}))
`;
  const result = await runtime.run({ program, limits: { timeoutMs, maxOutputBytes: 256 << 20, memoryMb: 1024 } }, { signal });
  if (result.verdict !== "pass") {
    const reason = result.error ? `${result.error.type}: ${result.error.message}` : result.verdict;
    throw new RecordProblem(`computing expected outputs with the canonical solution failed (${reason})`);
  }
  const parsed = JSON.parse(result.stdout.trim().split("\n").pop()!) as { cases: Array<[string, string, string?]>; dropped: number };
  return { cases: parsed.cases.map(([args, expected, expectedSha256]) => (expectedSha256 ? { args, expected, expectedSha256 } : { args, expected })), dropped: parsed.dropped };
}
