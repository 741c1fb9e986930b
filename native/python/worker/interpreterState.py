# Part of the interpreter worker's Python runner: sandboxGuard.py, interpreterState.py, testRunner.py,
# tracer.py and runner.py are joined, in that order, into one namespace (interpreterWorker.ts); they share names.
# The interpreter state a run may change (builtins, sys.modules, module attributes, sys hooks, environment):
# captured once per worker and put back after every run.
import gc
import os
import sys
import types

_SYS_ATTRS = ("stdout", "stderr", "stdin", "excepthook", "displayhook", "path", "meta_path", "path_hooks",
              "breakpointhook", "unraisablehook", "monitoring", "dont_write_bytecode")


class Baseline:
    def __init__(self):
        self.builtins = dict(builtins.__dict__)
        self.modules = dict(sys.modules)
        self.module_dicts = {name: dict(m.__dict__) for name, m in sys.modules.items() if isinstance(m, types.ModuleType)}
        self.sys_attrs = {name: getattr(sys, name) for name in _SYS_ATTRS if hasattr(sys, name)}
        self.sys_path = list(sys.path)
        self.meta_path = list(sys.meta_path)
        self.path_hooks = list(sys.path_hooks)
        self.environ = dict(os.environ)
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
        if len(modules) != len(self.modules) or any(modules.get(k) is not v for k, v in self.modules.items()):
            for name in [n for n in modules if n not in self.modules]:
                del modules[name]
            modules.update(self.modules)
            repaired += 1
        for name, saved in self.module_dicts.items():
            current = self.modules[name].__dict__
            if current != saved:
                current.clear()
                current.update(saved)
                repaired += 1
        if os.environ != self.environ:
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
