// Library state that lives in objects rather than module globals (a warnings filter, the root logger's handlers,
// decimal's context) is put back after every run: one program's configuration must not change the next
// program's verdict or output (issue 10: "the next program in the same interpreter gets the verdict it deserves").
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

const warns = "import warnings\ndef half(n):\n    warnings.warn('rounding', UserWarning)\n    return n // 2\n";
const logs = "import logging\ndef half(n):\n    logging.warning('halving %d', n)\n    return n // 2\n";
const precise = "from decimal import Decimal\ndef third():\n    return str(Decimal(1) / Decimal(3))\n";

it("a warnings filter set to 'error' by one program does not fail the next", async () => {
  const [left, next] = await python.verifyMany([
    { program: "import warnings\nwarnings.simplefilter('error')\ndef half(n):\n    return n // 2\n", tests: "assert half(4) == 2" },
    { program: warns, tests: "assert half(4) == 2" },
  ]);
  expect(left.verdict).toBe("pass");
  expect(next.verdict, next.error?.message).toBe("pass");
});

it("a logging handler one program installed does not take the next program's log output", async () => {
  const [, next] = await python.verifyMany([
    { program: "import logging, io\nlogging.basicConfig(stream=io.StringIO(), level=logging.DEBUG, force=True)\nlogging.disable(logging.CRITICAL)\ndef half(n):\n    return n // 2\n", tests: "assert half(4) == 2" },
    { program: logs, tests: "assert half(4) == 2" },
  ]);
  expect(next.verdict).toBe("pass");
  expect(next.stderr).toContain("halving 4");
});

it("decimal's precision one program set does not change the next program's answer", async () => {
  const [, next] = await python.verifyMany([
    { program: "import decimal\ndecimal.getcontext().prec = 3\ndef third():\n    return '0.333'\n", tests: "assert third() == '0.333'" },
    { program: precise, tests: "assert third() == '0.3333333333333333333333333333'" },
  ]);
  expect(next.verdict, next.tests[0]?.actual).toBe("pass");
});
