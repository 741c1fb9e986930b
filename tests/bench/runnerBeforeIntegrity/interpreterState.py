# Part of the interpreter worker's Python runner: sandboxGuard.py, interpreterState.py, testRunner.py,
# tracer.py and runner.py are joined, in that order, into one namespace (interpreterWorker.ts); they share names.
# The interpreter state a run may change (builtins, sys.modules, module attributes, sys hooks, environment):
# captured once per worker and put back after every run.
import gc
import itertools
import operator
import os
import sys
import types

_SYS_ATTRS = ("stdout", "stderr", "stdin", "excepthook", "displayhook", "path", "meta_path", "path_hooks",
              "breakpointhook", "unraisablehook", "monitoring", "dont_write_bytecode")


class Baseline:
    def __init__(self):
        self.builtins = dict(builtins.__dict__)
        self.modules = dict(sys.modules)
        self.module_names = tuple(self.modules)
        self.module_values = tuple(self.modules.values())
        self.module_dicts = {name: dict(m.__dict__) for name, m in sys.modules.items() if isinstance(m, types.ModuleType)}
        # The same as parallel tuples, so restore compares them all in one C-level pass (map/compress).
        self.dict_names = tuple(self.module_dicts)
        self.live_dicts = tuple(self.modules[name].__dict__ for name in self.dict_names)
        self.saved_dicts = tuple(self.module_dicts.values())
        self.sys_attrs = {name: getattr(sys, name) for name in _SYS_ATTRS if hasattr(sys, name)}
        self.sys_path = list(sys.path)
        self.meta_path = list(sys.meta_path)
        self.path_hooks = list(sys.path_hooks)
        # Emscripten sets "_" to the worker script's host path; a program must not learn where the app lives.
        os.environ.pop("_", None)
        self.environ = dict(os.environ)
        # os.environ compared through its encoded dict and its own attributes: Mapping.__eq__ decodes every
        # entry in Python (~0.1 ms a run); these two are plain dict comparisons in C.
        self.environ_data = dict(os.environ._data)
        self.environ_attrs = dict(vars(os.environ))
        self.cwd = os.getcwd()
        self.recursion_limit = sys.getrecursionlimit()
        self.int_max_str_digits = sys.get_int_max_str_digits()
        self.blocked = {name: m for name, m in sys.modules.items() if name.split(".")[0] in BLOCKED_MODULES}

    def enter_user(self):
        for name in self.blocked:
            sys.modules.pop(name, None)

    def restore(self):
        """Puts the interpreter back as captured; returns how many things had to be repaired (for tests)."""
        repaired = 0
        sys.settrace(None)
        sys.setprofile(None)
        for name, value in self.sys_attrs.items():
            if getattr(sys, name, None) is not value:
                setattr(sys, name, value)
                repaired += 1
        sys.path[:] = self.sys_path
        sys.meta_path[:] = self.meta_path
        sys.path_hooks[:] = self.path_hooks
        if builtins.__dict__ != self.builtins:
            builtins.__dict__.clear()
            builtins.__dict__.update(self.builtins)
            repaired += 1
        modules = sys.modules
        # Identity of every entry, compared in C (map) rather than a Python-level generator.
        if len(modules) != len(self.modules) or any(map(operator.is_not, map(modules.get, self.module_names), self.module_values)):
            for name in [n for n in modules if n not in self.modules]:
                del modules[name]
            modules.update(self.modules)
            repaired += 1
        # ~10,000 entries in ~200 module dicts: the bulk of a restore, so the loop is in C; only changed ones
        # are visited in Python. (A module's __dict__ is the same object for the module's life.)
        for current, saved in itertools.compress(zip(self.live_dicts, self.saved_dicts), map(operator.ne, self.live_dicts, self.saved_dicts)):
            if current != saved:
                current.clear()
                current.update(saved)
                repaired += 1
        environ = os.environ  # the captured object again: os's module dict was restored above
        if vars(environ) != self.environ_attrs:
            vars(environ).clear()
            vars(environ).update(self.environ_attrs)
            repaired += 1
        if environ._data != self.environ_data:
            os.environ.clear()
            os.environ.update(self.environ)
            repaired += 1
        if os.getcwd() != self.cwd:
            os.chdir(self.cwd)
        sys.setrecursionlimit(self.recursion_limit)
        sys.set_int_max_str_digits(self.int_max_str_digits)
        if not gc.isenabled():
            gc.enable()
        monitoring = sys.monitoring
        for tool in range(6):
            if monitoring.get_tool(tool) is not None:
                monitoring.set_events(tool, 0)
                monitoring.free_tool_id(tool)
        return repaired


_baseline = None
