# The Python half of an interpreter worker (issue 4): runs untrusted programs against tests, traces calls.
# This part: constants the judge enforces, the runner's exceptions and the output capture. It is joined with
# testRunner.py, tracer.py, runner.py, judgeWorld.py and judge.py (in that order) into one namespace, executed once per
# worker and never put in sys.modules; the worker's JavaScript drives each run (interpreterWorker.ts).
# A program runs in the same interpreter and can reach this namespace; nothing a verdict rests on lives here
# (judge.py holds it, out of reach), and the judge checks after every run that this namespace is unchanged.
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
BLOCKED_MODULES = ("js", "pyodide_js", "pyodide", "_pyodide", "micropip", "ctypes", "_ctypes", "pyodide_kernel", "_pyodide_core",
                   # CPython's test modules ship with Pyodide and write raw memory (type versions, refcounts, frames).
                   "_testcapi", "_testinternalcapi", "_testlimitedcapi", "_testbuffer", "_testmultiphase", "_testsinglephase",
                   "_testimportmultiple", "_testexternalinspection", "_testclinic", "_testclinic_limited", "_ctypes_test", "_xxtestfuzz", "xxsubtype", "_xxsubinterpreters", "_interpreters", "_interpqueues", "_interpchannels")
# Stdlib modules imported once at worker start so programs find them warm (and so their state is restored).
PRELOADED = ("math", "re", "collections", "itertools", "functools", "heapq", "bisect", "string", "random", "copy",
             "operator", "statistics", "fractions", "decimal", "typing", "datetime", "hashlib", "json", "cmath",
             "array", "dataclasses", "enum", "abc", "io", "textwrap", "unicodedata", "numbers", "keyword",
             # Read frames on a program's behalf: preloaded so the judge knows their code (judge.py frame_consumers).
             "logging", "traceback", "inspect", "warnings", "unittest")
# Audit events that mean "tried to reach the host or change the machine": the judge's audit hook (judge.py)
# refuses them while a run lasts and the run's verdict becomes "violation".
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
    """Per-run details of the runner (output cap, trace repr length). Nothing a verdict rests on lives here:
    a program can reach and change this class; the verdict's facts are the judge's (judge.py)."""
    violation = None
    output_exceeded = False
    repr_len = 200


for _name in PRELOADED:
    try:
        __import__(_name)
    except ImportError:
        pass


class _BlockedFinder:
    """First on sys.meta_path: importlib.import_module raises no "import" audit event, but it asks the finders.
    The judge (judge.py) refuses the event below while a run lasts; outside runs it is a no-op."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name.split(".")[0] in BLOCKED_MODULES:
            sys.audit("tracetune.blocked_import", name)
        return None


sys.meta_path.insert(0, _BlockedFinder)


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
