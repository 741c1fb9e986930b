# The Python half of an interpreter worker (issue 4): runs untrusted programs against tests, traces calls,
# and puts the interpreter back the way it found it after each run. This part: the audit hook, the import
# blocker and the output capture. It is joined with interpreterState.py, testRunner.py, tracer.py and
# runner.py (in that order) into one namespace, executed once per worker and never put in sys.modules; the
# worker's JavaScript calls `handle(request_json)` (runner.py) per run.
# Everything here is defence in depth on top of the sandbox process (see docs/python-sandbox.md): user code
# runs in the same interpreter, so a determined program can still find these objects; what it cannot do is
# reach the host, because the process around it has nothing to give.
# Our own private copy of the builtins: user code may replace builtins.isinstance or AssertionError during
# its run, and the runner's checks must not see that (functions take __builtins__ from these globals).
globals()["__builtins__"] = dict(__import__("builtins").__dict__)
import ast
import builtins
import gc
import json
import os
import sys
import time
import types

# Modules that reach JavaScript (and through it the host) or native memory. Purged from sys.modules while
# user code runs, and a fresh import of them is refused by the audit hook below.
BLOCKED_MODULES = ("js", "pyodide_js", "pyodide", "_pyodide", "micropip", "ctypes", "_ctypes", "pyodide_kernel", "_pyodide_core")
# Stdlib modules imported once at worker start so programs find them warm (and so their state is restored).
PRELOADED = ("math", "re", "collections", "itertools", "functools", "heapq", "bisect", "string", "random", "copy",
             "operator", "statistics", "fractions", "decimal", "typing", "datetime", "hashlib", "json", "cmath",
             "array", "dataclasses", "enum", "abc", "io", "textwrap", "unicodedata", "numbers", "keyword")
# Audit events that mean "tried to reach the host or change the machine": the hook refuses them for user
# code and the run's verdict becomes "violation".
VIOLATION_EVENTS = frozenset((
    "os.system", "os.exec", "os.fork", "os.forkpty", "os.posix_spawn", "os.spawn", "os.kill", "os.killpg",
    "os.startfile", "subprocess.Popen", "pty.spawn", "socket.__new__", "socket.connect", "socket.bind",
    "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request", "os.remove", "os.rename", "os.rmdir",
    "os.mkdir", "os.chmod", "os.chown", "os.symlink", "os.link", "os.truncate", "os.utime", "shutil.rmtree",
    "shutil.copyfile", "shutil.move", "gc.get_objects", "gc.get_referrers", "gc.get_referents",
    "ctypes.dlopen", "ctypes.cdata", "ctypes.addressof", "sys.addaudithook", "webbrowser.open",
))
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


class OutputLimitExceeded(BaseException):
    """Raised inside user code when stdout/stderr passes the cap; a BaseException so `except Exception` misses it."""


class TraceStop(BaseException):
    """Raised inside user code when a trace cap hits."""


class SandboxViolation(PermissionError):
    pass


class State:
    user = False            # user code is running: the audit hook enforces
    violation = None        # first refused action of this run
    output_exceeded = False
    fake_eq = False
    last_actual = None
    repr_len = 200


def _audit(event, args):
    if not State.user:
        return
    if event == "import":
        name = args[0] or ""
        if name.split(".")[0] in BLOCKED_MODULES:
            State.violation = State.violation or f"import {name}"
            raise SandboxViolation(f"import of {name!r} is not allowed in the tracetune sandbox")
        return
    if event == "open":
        mode, flags = args[1], args[2]
        is_write = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (isinstance(flags, int) and flags & WRITE_FLAGS)
        if is_write:
            State.violation = State.violation or f"open {args[0]!r} for writing"
            raise SandboxViolation(f"writing files is not allowed in the tracetune sandbox: {args[0]!r}")
        return
    if event in VIOLATION_EVENTS or event.startswith("socket."):
        State.violation = State.violation or event
        raise SandboxViolation(f"{event} is not allowed in the tracetune sandbox")


sys.addaudithook(_audit)


class _BlockedFinder:
    """First on sys.meta_path: importlib.import_module skips the "import" audit event, but not the finders."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if State.user and name.split(".")[0] in BLOCKED_MODULES:
            State.violation = State.violation or f"import {name}"
            raise SandboxViolation(f"import of {name!r} is not allowed in the tracetune sandbox")
        return None


sys.meta_path.insert(0, _BlockedFinder)
for _name in PRELOADED:
    try:
        __import__(_name)
    except ImportError:
        pass


class CappedWriter:
    """stdout/stderr for one run: keeps text up to a shared byte budget, then stops the program."""

    def __init__(self, budget):
        self.parts = []
        self.size = 0
        self.budget = budget

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if State.output_exceeded:
            raise OutputLimitExceeded("output limit exceeded")
        n = len(text)
        if self.budget[0] < n:
            self.parts.append(text[: max(0, self.budget[0])])
            self.budget[0] = 0
            State.output_exceeded = True
            raise OutputLimitExceeded("output limit exceeded")
        self.budget[0] -= n
        self.size += n
        self.parts.append(text)
        return n

    def flush(self):
        pass

    def isatty(self):
        return False

    def writable(self):
        return True

    def value(self):
        return "".join(self.parts)

    encoding = "utf-8"
    errors = "strict"


class EmptyStdin:
    def read(self, *a):
        return ""

    def readline(self, *a):
        return ""

    def __iter__(self):
        return iter(())

    def isatty(self):
        return False

    encoding = "utf-8"
