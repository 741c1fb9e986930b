// The hostile-program suite (issue 4): each program tries to escape, hang, exhaust or fool the runtime.
// Every case asserts the verdict, that the host is untouched (no marker file, no connection, environment not
// readable) and that the next run in the same pool works.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PythonRuntime, type Verdict } from "../../../../native/python/index.js";
import { ensureSandboxBuilt } from "../ensureSandboxBuilt.js";

let python: PythonRuntime;
let hostDir: string;
let server: Server;
let port = 0;
let connections = 0;
const SECRET = "tracetune-hostile-secret";

beforeAll(async () => {
  await ensureSandboxBuilt();
  hostDir = mkdtempSync(join(tmpdir(), "tracetune-hostile-"));
  process.env.TRACETUNE_HOSTILE_SECRET = SECRET;
  server = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
  python = await PythonRuntime.start({ size: 1, spares: 1 });
});
afterAll(async () => {
  await python?.dispose();
  server?.close();
  rmSync(hostDir, { recursive: true, force: true });
  delete process.env.TRACETUNE_HOSTILE_SECRET;
});

const marker = () => join(hostDir, "pwned");
const add = "def add(a, b):\n    return a + b\n";

async function expectVerdict(program: string, expected: Verdict | Verdict[], options: { tests?: string; timeoutMs?: number } = {}) {
  const result = await python.exec({ program, tests: options.tests ?? "assert add(1, 1) == 2", limits: { timeoutMs: options.timeoutMs ?? 1500, interruptGraceMs: 300 } });
  expect([expected].flat()).toContain(result.verdict);
  // The host is untouched...
  expect(existsSync(marker())).toBe(false);
  expect(connections).toBe(0);
  expect(result.stdout).not.toContain(SECRET);
  // ...and the pool keeps serving.
  const next = await python.exec({ program: add, tests: "assert add(2, 3) == 5" });
  expect(next.verdict).toBe("pass");
  return result;
}

/** Python that reaches the JS side of Pyodide without importing a blocked module: through the runner's frame. */
const reachJs = "import sys\nJS = sys._getframe().f_back.f_globals['_baseline'].modules['pyodide_js']\n";

describe("hostile programs: infinite loops", () => {
  it("a plain infinite loop times out", async () => {
    await expectVerdict("while True:\n    pass\n", "timeout");
  });
  it("a loop that swallows the interrupt (except BaseException) is killed and its worker replaced", async () => {
    const result = await expectVerdict("while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass\n", "timeout");
    expect(result.flags).toContain("worker_replaced");
  });
  it("a long C-level call (sum(range(10**12))) is killed", async () => {
    await expectVerdict("x = sum(range(10**12))\n", "timeout");
  });
  it("an infinite loop inside a test times out", async () => {
    await expectVerdict(add + "def spin():\n    while True:\n        pass\n", "timeout", { tests: "assert add(1, 1) == 2\nassert spin() is None" });
  });
});

describe("hostile programs: reaching the host", () => {
  it("os.system", async () => {
    await expectVerdict(`import os\nos.system('touch ${marker()}')\n`, "violation");
  });
  it("subprocess", async () => {
    await expectVerdict(`import subprocess\nsubprocess.run(['touch', '${marker()}'])\n`, "violation");
  });
  it("os.fork", async () => {
    await expectVerdict("import os\nif hasattr(os, 'fork'):\n    os.fork()\nelse:\n    raise OSError('emscripten does not support processes')\n", "violation");
  });
  it("import js / pyodide_js / pyodide / micropip / ctypes", async () => {
    for (const name of ["js", "pyodide_js", "pyodide", "pyodide.code", "_pyodide", "micropip", "ctypes"]) {
      await expectVerdict(`import ${name}\n`, "violation");
    }
  });
  it("importlib and __import__ routes", async () => {
    await expectVerdict("import importlib\nimportlib.import_module('js')\n", "violation");
    await expectVerdict("__import__('pyodide_js')\n", "violation");
  });
  it("gc.get_objects (the JsProxy route) is refused", async () => {
    await expectVerdict("import gc\nobjs = gc.get_objects()\n", "violation");
  });
  // The runner's frame was the way into JavaScript (issue 10): the frame itself is refused now, so each of these
  // stops there; what JavaScript could do if reached is tested on the JS side (tests/unit/python/node and worker).
  it("the known Function-constructor exploit stops at the runner's frame", async () => {
    const program = `${reachJs}F = JS.constructor.constructor\nF('return import("node:child_process").then(m => m.execSync("touch ${marker()}"))')()\n`;
    const result = await expectVerdict(program, "violation");
    expect(result.error?.message).toContain("sys._getframe");
  });
  it("mounting host files, reading the environment or connecting through JavaScript stops at the runner's frame", async () => {
    const mount = `${reachJs}JS.FS.mount(JS.FS.filesystems.NODEFS, {'root': '${hostDir}'}, '/home/pyodide')\nJS.FS.writeFile('/home/pyodide/pwned', 'x')\n`;
    const env = `${reachJs}print(JS._module.ENV)\nprint(JS.constructor.keys(JS._module.ENV))\n`;
    const net = `${reachJs}JS._module.SOCKFS.websocketArgs = {}\nimport socket\ns = socket.socket()\ns.connect(('127.0.0.1', ${port}))\n`;
    for (const program of [mount, env, net]) {
      const result = await expectVerdict(program, "violation");
      expect(result.error?.message).toContain("sys._getframe");
    }
  });
  it("sockets", async () => {
    await expectVerdict(`import socket\ns = socket.create_connection(('127.0.0.1', ${port}))\n`, "violation");
  });
  it("urllib", async () => {
    // urllib.request imports half the stdlib from the zip: slow on a busy machine, hence the longer limit.
    await expectVerdict(`import urllib.request\nurllib.request.urlopen('http://127.0.0.1:${port}/')\n`, "violation", { timeoutMs: 15_000 });
  });
  it("writing files (even inside the interpreter's own file system)", async () => {
    await expectVerdict("open('/tmp/x.txt', 'w').write('hi')\n", "violation");
    await expectVerdict("import os\nfd = os.open('/tmp/y', os.O_WRONLY | os.O_CREAT)\n", "violation");
    await expectVerdict("import os\nos.remove('/lib/python3.14/os.py')\n", "violation");
  });
  it("reading the host environment finds nothing", async () => {
    const result = await expectVerdict("import os\nprint(dict(os.environ))\n" + add, "pass");
    expect(result.stdout).not.toContain("TRACETUNE_HOSTILE_SECRET");
    // Nor where the app is installed (Emscripten's "_" would hold the worker script's host path).
    expect(result.stdout).not.toContain(process.cwd());
    expect(result.stdout).not.toMatch(/\.mjs/);
  });
  it("a KeyboardInterrupt the program raises itself is an error, not a timeout", async () => {
    const result = await expectVerdict("def add(a, b):\n    raise KeyboardInterrupt\n", "error");
    expect(result.error?.type).toBe("KeyboardInterrupt");
  });
});

describe("hostile programs: exhausting resources", () => {
  it("a huge allocation gets MemoryError (verdict memory)", async () => {
    await expectVerdict("x = bytearray(2 * 10**9)\n", "memory");
  });
  it("allocation growing in a loop hits the memory cap", async () => {
    await expectVerdict("xs = []\nwhile True:\n    xs.append('x' * 10**6)\n", "memory", { timeoutMs: 10_000 });
  });
  it("deep recursion is an error, not a dead pool", async () => {
    await expectVerdict("def r(n):\n    return r(n + 1)\nr(0)\n", "error");
  });
  it("deep recursion past the recursion limit raised by the program crashes only its worker", async () => {
    // Overflowing the wasm stack takes seconds; on a loaded machine it can run into the time limit instead.
    const result = await expectVerdict("import sys\nsys.setrecursionlimit(10**6)\ndef r(n):\n    return r(n + 1)\nr(0)\n", ["error", "timeout"], { timeoutMs: 20_000 });
    if (result.verdict === "error") expect(result.error?.type).toBe("RecursionError");
  });
  it("a stdout flood ends with output_limit", async () => {
    await expectVerdict("while True:\n    print('flood' * 1000)\n", "output_limit");
  });
  it("a flood that catches the limit exception still ends", async () => {
    await expectVerdict("while True:\n    try:\n        print('x' * 10000)\n    except BaseException:\n        pass\n", ["output_limit", "timeout"]);
  });
});

describe("hostile programs: fooling the verdict", () => {
  it("sys.exit(0) before failing asserts", async () => {
    await expectVerdict(add + "import sys\nsys.exit(0)\n", "error", { tests: "assert add(1, 1) == 3" });
  });
  it("os._exit(0) before failing asserts", async () => {
    await expectVerdict(add + "import os\nos._exit(0)\n", ["error", "violation"], { tests: "assert add(1, 1) == 3" });
  });
  it("an __eq__ that is always true", async () => {
    const result = await expectVerdict("class T:\n    def __eq__(self, o):\n        return True\n    __hash__ = None\ndef add(a, b):\n    return T()\n", "fail");
    expect(result.flags).toContain("fake_pass");
  });
  it("an int subclass with a lying __eq__", async () => {
    const result = await expectVerdict("class I(int):\n    def __eq__(self, o):\n        return True\n    __hash__ = int.__hash__\ndef add(a, b):\n    return I(0)\n", "fail", { tests: "assert add(1, 1) == 2" });
    expect(result.flags).toContain("fake_pass");
  });
  it("replacing AssertionError or builtins does not turn a failure into a pass", async () => {
    await expectVerdict(add + "import builtins\nbuiltins.AssertionError = KeyError\nbuiltins.isinstance = lambda *a: False\n", "violation", { tests: "assert add(1, 1) == 3" });
  });
  it("sys.settrace / sys.monitoring tampering in exec leaves the next trace intact", async () => {
    // A trace function would receive every frame, the tests' included: setting one is a violation (issue 10).
    await expectVerdict("import sys\nsys.settrace(lambda *a: None)\n" + add, "violation");
    await expectVerdict("import sys\nsys.monitoring.use_tool_id(0, 'evil')\nsys.monitoring.set_events(0, sys.monitoring.events.LINE)\n" + add, "pass");
    const trace = await python.trace({ program: "def f(n):\n    s = n * 2\n    return s\n", call: "f(2)" });
    expect(trace.steps.map((s) => s.event)).toEqual(["call", "line", "line", "return"]);
  });
});
