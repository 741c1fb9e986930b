# Part of the interpreter worker's Python runner (joined before judge.py; see interpreterWorker.ts).
# The world a run may not change, for the judge (judge.py): the baseline the interpreter returns to after every
# run (builtins, modules, library classes, sys hooks, library state held in objects), the detection of what a
# run changed, and the restore. Built by make_judge only, as closures no Python object refers to.


def make_world(runner_ns, blocked_modules, made_by_program, monitoring_tool):
    import builtins
    import gc
    import itertools
    import operator
    import os
    import sys
    import types
    from types import SimpleNamespace

    is_not, ne = operator.is_not, operator.ne
    compress = itertools.compress
    ModuleType = types.ModuleType
    isinstance_, type_, id_, len_ = isinstance, type, id, len
    dict_, tuple_, list_, getattr_, setattr_, delattr_, hasattr_ = dict, tuple, list, getattr, setattr, delattr, hasattr
    any_, map_, zip_ = any, map, zip
    TOOL = monitoring_tool
    monitoring = sys.monitoring

    def class_dict(klass):
        """A class's own dict (the real one, not a mappingproxy: comparing 750 mappingproxies with their saved
        copies costs ~280 µs in wasm, the dicts ~20 µs). Only read: writes go through setattr, which keeps the
        type cache right."""
        view = klass.__dict__
        for referent in gc.get_referents(klass):
            if type_(referent) is dict_ and len_(referent) == len_(view) and all(referent.get(k, view) is v for k, v in view.items()):
                return referent
        return view

    # ---- the world a run may not change --------------------------------------------------------------------
    SYS_ATTRS = ("stdout", "stderr", "stdin", "excepthook", "displayhook", "path", "meta_path", "path_hooks",
                 "breakpointhook", "unraisablehook", "monitoring", "dont_write_bytecode")
    IMMUTABLE_TYPE = 1 << 8
    # Pyodide leaves its core module (to_js, create_proxy: the way into JavaScript) in __main__'s globals, which
    # every program can import.
    main_globals = vars(sys.modules["__main__"])
    for name, value in list_(main_globals.items()):
        if type_(value) is ModuleType and value.__name__.split(".")[0] in blocked_modules:
            del main_globals[name]
    # Pyodide puts the exception class of its eval_code in builtins; its methods' globals are Pyodide's bridge.
    for name in [n for n, v in builtins.__dict__.items() if (getattr_(v, "__module__", "") or "").split(".")[0] in blocked_modules]:
        del builtins.__dict__[name]
    # Pyodide installs its WebLoop as asyncio's event loop policy: its methods' globals hold JsProxies (setTimeout
    # and friends). Programs get asyncio's own default policy instead.
    asyncio_events = sys.modules.get("asyncio.events")
    if asyncio_events is not None and "pyodide" in (type_(getattr_(asyncio_events, "_event_loop_policy", None)).__module__ or ""):
        asyncio_events._event_loop_policy = None
    gc.collect()
    # Everything alive now is the baseline: frozen, a collection after each run (end) walks only what the
    # run left behind (~0.01 ms instead of ~40 ms over the whole heap in wasm).
    gc.freeze()
    os.environ.pop("_", None)  # Emscripten's "_" is the worker script's host path
    # Pyodide's import finder for `js` modules holds JsProxies of the JS realm: it leaves sys.meta_path while
    # a run lasts, with the modules that reach JavaScript.
    js_finders = tuple_(f for f in sys.meta_path if "JsFinder" in type_(f).__name__ or "pyodide" in (getattr_(type_(f), "__module__", "") or ""))
    saved_builtins = dict_(builtins.__dict__)
    saved_modules = dict_(sys.modules)
    # The modules a run may see: the blocked ones leave sys.modules while it lasts (begin) and come back after.
    module_names = tuple_(n for n in saved_modules if n.split(".")[0] not in blocked_modules)
    module_values = tuple_(saved_modules[n] for n in module_names)
    saved_module_names, saved_module_values = tuple_(saved_modules), tuple_(saved_modules.values())
    module_dict_names = tuple_(n for n, m in saved_modules.items() if isinstance_(m, ModuleType) and n.split(".")[0] not in blocked_modules)
    live_dicts = tuple_(saved_modules[n].__dict__ for n in module_dict_names)
    saved_dicts = tuple_(dict_(d) for d in live_dicts)
    classes = {}
    for module_dict in live_dicts:
        for value in list_(module_dict.values()):
            if isinstance_(value, type) and not (value.__flags__ & IMMUTABLE_TYPE):
                classes[id_(value)] = value
    for value in list_(runner_ns.values()):
        if isinstance_(value, type) and value.__name__ != "State":
            classes[id_(value)] = value
    live_classes = tuple_(classes.values())
    class_views = tuple_(class_dict(c) for c in live_classes)
    saved_class_dicts = tuple_(dict_(v) for v in class_views)
    runner_class_indexes = tuple_(i for i, c in enumerate(live_classes) if any_(c is v for v in runner_ns.values()))
    saved_sys = {name: getattr_(sys, name) for name in SYS_ATTRS if hasattr_(sys, name)}
    saved_path, saved_path_hooks = list_(sys.path), list_(sys.path_hooks)
    saved_meta_path = list_(sys.meta_path)
    user_meta_path = [f for f in saved_meta_path if f not in js_finders]
    saved_environ_data, saved_environ_attrs = dict_(os.environ._data), dict_(vars(os.environ))
    saved_cwd = os.getcwd()
    saved_recursion, saved_digits = sys.getrecursionlimit(), sys.get_int_max_str_digits()
    saved_gc_callbacks = list_(gc.callbacks)
    blocked = {name: m for name, m in saved_modules.items() if name.split(".")[0] in blocked_modules}
    # The bridge modules' globals (to_js, create_proxy, JsProxies such as `from js import setTimeout`) are emptied
    # while a run lasts: leaving sys.modules is not enough, since object.__subclasses__() reaches every class
    # Pyodide defines, and each of their methods' __globals__ is such a module's dict.
    bridge_dicts = tuple_((vars(m), dict_(vars(m))) for m in blocked.values() if type_(m) is ModuleType)
    decimal = sys.modules.get("decimal")
    saved_decimal_context = decimal.getcontext().copy() if decimal else None
    # Library state held in objects rather than module globals, which a program changes through their own API:
    # a warnings filter "error" or a logging handler left behind would change the next program's run.
    warnings_module, logging_module = sys.modules.get("warnings"), sys.modules.get("logging")
    saved_warning_filters = list_(warnings_module.filters) if warnings_module else None
    root_logger = logging_module.root if logging_module else None
    saved_root = (list_(root_logger.handlers), root_logger.level, logging_module.root.manager.disable) if root_logger else None
    runner_items = tuple_(runner_ns.items())
    runner_keys, runner_values = tuple_(k for k, _ in runner_items), tuple_(v for _, v in runner_items)

    # sys attributes a run's own output capture sets, and that a program may redirect (contextlib.redirect_stdout).
    SYS_MAY_CHANGE = frozenset(("stdout", "stderr", "stdin", "argv", "last_exc", "last_type", "last_value", "last_traceback"))

    def is_library_module(value):
        """A module the import system holds under its own name: a library imported lazily into a module's globals."""
        return type_(value) is ModuleType and sys.modules.get(value.__name__) is value

    def changed_entry(current, saved, may_change=frozenset(), strict=True):
        """The first entry of a module or class dict that a program changed, or None. Public names may not change
        (a test that reads them would see the program's world); a private name may change by the library itself
        (lazy caches, counters), so there only a value made by the program counts. A program may add submodules."""
        for key, value in saved.items():
            now = current.get(key, saved)
            if now is not value and key not in may_change and not is_library_module(now):
                if strict or not key.startswith("_") or key.startswith("__") or now is saved or made_by_program(now):
                    return key
        for key, value in current.items():
            if key not in saved and key not in may_change and not is_library_module(value) and key != "__slotnames__":
                if strict or not key.startswith("_") or key.startswith("__") or made_by_program(value):
                    return key
        return None

    # Change detection. Comparing every module dict (~10,000 entries) and library class (~750) with its saved
    # copy costs ~0.6 ms a run in wasm, more than a typical HumanEval sample takes. CPython's dict and type
    # watchers (C callbacks, reached through _testcapi, which ships with Pyodide; programs may not import it)
    # record each write instead, so an unchanged world costs a length check. Without _testcapi, every check
    # compares everything. sys is not watched (the runner's own output capture writes it every run): its
    # entries are compared directly, ~100 of them.
    try:
        import _testcapi as capi
        dict_watcher, type_watcher = capi.add_dict_watcher(0), capi.add_type_watcher(0)
        dict_events, type_events = capi.get_dict_watcher_events(), capi.get_type_modified_events()
        type_assign_version, watch_type = capi.type_assign_version, capi.watch_type
        for watched in (builtins.__dict__, sys.modules, *(d for n, d in zip_(module_dict_names, live_dicts) if n != "sys")):
            capi.watch_dict(dict_watcher, watched)
        for klass in live_classes:
            type_assign_version(klass)
            watch_type(type_watcher, klass)
    except (ImportError, AttributeError, RuntimeError, ValueError):
        capi = dict_events = type_events = None
    class_index = {id_(c): i for i, c in enumerate(live_classes)}
    sys_dict = sys.__dict__
    sys_keys = tuple_(k for k in saved_dicts[module_dict_names.index("sys")] if k not in SYS_MAY_CHANGE)
    sys_values = tuple_(sys_dict[k] for k in sys_keys)
    sys_key_set = frozenset(sys_dict) | SYS_MAY_CHANGE

    def sys_changed():
        return any_(map_(is_not, map_(sys_dict.get, sys_keys), sys_values)) or not sys_key_set.issuperset(sys_dict)

    # Public names the standard library itself rewrites for a program (warnings.catch_warnings, simplefilter,
    # logging.captureWarnings).
    LIBRARY_WRITES = frozenset(("filters", "showwarning", "formatwarning", "defaultaction", "onceregistry"))

    def public_write():
        """A public name the run wrote in builtins or a library module, even if it put the old value back since: a
        patch that undoes itself after the tests' first use (a private name may be the library's own lazy cache;
        an import adds modules). The watcher records "new:KEY:VALUE", "mod:KEY:VALUE", "del:KEY", "clear"."""
        for event in list_(dict_events or ()):
            kind, _, rest = event.partition(":")
            key, _, value = rest.partition(":")
            if kind == "clear":
                return "a library module's globals (cleared)"
            if kind in ("new", "mod", "del") and (not key.startswith("_") or key.startswith("__")) and not value.startswith("<module ") \
                    and key not in LIBRARY_WRITES and not is_library_module(sys.modules.get(key)):  # the import system's own writes
                return f"{key} in builtins or a library module"
        return None

    def dicts_dirty():
        """A watched dict (builtins, sys.modules, a module's globals) or sys was written since the last clean()."""
        return dict_events is None or len_(dict_events) > 0 or sys_changed()

    def changed_class_indexes():
        """Library classes whose dict may differ from the baseline: those a type watcher saw change."""
        if type_events is None:
            return tuple_(compress(range(len_(class_views)), map_(ne, class_views, saved_class_dicts)))
        return tuple_(class_index[id_(k)] for k in type_events if id_(k) in class_index)

    def clean(changed_classes):
        """After a restore: forget the recorded writes and re-arm the watched classes (a type watcher fires once
        per version of a type)."""
        if capi is not None:
            dict_events.clear()
            type_events.clear()
            for index in changed_classes:
                type_assign_version(live_classes[index])

    def world_change(changed_classes=()):
        """The first change a program made to the shared world (builtins, modules, library classes, sys hooks), or
        None. Classes: those in changed_classes (changed_class_indexes)."""
        for index in changed_classes:
            key = changed_entry(class_views[index], saved_class_dicts[index])
            if key is not None:
                return f"{live_classes[index].__qualname__}.{key}"
        if not dicts_dirty():
            return None
        written = public_write()
        if written is not None:
            return written
        if builtins.__dict__ != saved_builtins:
            key = changed_entry(builtins.__dict__, saved_builtins)
            if key is not None:
                return f"builtins.{key}"
        if any_(map_(is_not, map_(sys.modules.get, module_names), module_values)):
            for name, value in zip_(module_names, module_values):
                if sys.modules.get(name) is not value:
                    return f"sys.modules[{name!r}]"
        if len_(sys.modules) != len_(saved_modules) - len_(blocked):
            # Modules imported during the run: real ones only (a test that imports the name gets this object).
            for name, module in list_(sys.modules.items()):
                if name not in saved_modules and (type_(module) is not ModuleType or any_(map_(made_by_program, list_(vars(module).values())))):
                    return f"sys.modules[{name!r}]"
        for index in compress(range(len_(live_dicts)), map_(ne, live_dicts, saved_dicts)):
            key = changed_entry(live_dicts[index], saved_dicts[index], SYS_MAY_CHANGE if module_dict_names[index] == "sys" else frozenset(), strict=False)
            if key is not None:
                return f"{module_dict_names[index]}.{key}"
        return None

    def restore_world(changed_classes):
        """Puts back everything a run may have changed; returns how many things it repaired."""
        repaired = 0
        sys.settrace(None)
        sys.setprofile(None)
        for name, value in saved_sys.items():
            if getattr_(sys, name, None) is not value:
                setattr_(sys, name, value)
                repaired += 1
        sys.path[:] = saved_path
        sys.meta_path[:] = saved_meta_path
        sys.path_hooks[:] = saved_path_hooks
        for live, saved in bridge_dicts:
            live.clear()
            live.update(saved)
        dirty = dicts_dirty()
        if dirty and builtins.__dict__ != saved_builtins:
            builtins.__dict__.clear()
            builtins.__dict__.update(saved_builtins)
            repaired += 1
        modules = sys.modules
        if len_(modules) != len_(saved_modules) or (dirty and any_(map_(is_not, map_(modules.get, saved_module_names), saved_module_values))):
            for name in [n for n in modules if n not in saved_modules]:
                del modules[name]
            modules.update(saved_modules)
            repaired += 1
        for current, saved in compress(zip_(live_dicts, saved_dicts), map_(ne, live_dicts, saved_dicts)) if dirty else ():
            current.clear()
            current.update(saved)
            repaired += 1
        for klass, view, saved in ((live_classes[i], class_views[i], saved_class_dicts[i]) for i in changed_classes):
            for key in [k for k in view if k not in saved]:
                delattr_(klass, key)
            for key, value in saved.items():
                if view.get(key, saved) is not value:
                    setattr_(klass, key, value)
            repaired += 1
        environ = os.environ
        if vars(environ) != saved_environ_attrs:
            vars(environ).clear()
            vars(environ).update(saved_environ_attrs)
            repaired += 1
        if environ._data != saved_environ_data:
            environ._data.clear()
            environ._data.update(saved_environ_data)
            repaired += 1
        if os.getcwd() != saved_cwd:
            os.chdir(saved_cwd)
        sys.setrecursionlimit(saved_recursion)
        sys.set_int_max_str_digits(saved_digits)
        gc.callbacks[:] = saved_gc_callbacks
        if not gc.isenabled():
            gc.enable()
        if decimal is not None:
            decimal.setcontext(saved_decimal_context.copy())
        if warnings_module is not None and warnings_module.filters != saved_warning_filters:
            warnings_module.filters[:] = saved_warning_filters
            getattr_(warnings_module, "_filters_mutated", lambda: None)()
        if root_logger is not None:
            root_logger.handlers[:] = saved_root[0]
            root_logger.setLevel(saved_root[1])
            root_logger.manager.disable = saved_root[2]
        for tool in range(6):
            if tool != TOOL and monitoring.get_tool(tool) is not None:
                monitoring.set_events(tool, 0)
                monitoring.free_tool_id(tool)
        return repaired

    def runner_intact():
        """The runner namespace and its classes are as they were when the worker started."""
        if len_(runner_ns) != len_(runner_items) or any_(map_(is_not, map_(runner_ns.get, runner_keys), runner_values)):
            return False
        return not any_(class_views[i] != saved_class_dicts[i] for i in runner_class_indexes)

    all_classes = tuple_(range(len_(class_views)))
    return SimpleNamespace(all_classes=all_classes, world_change=world_change, restore_world=restore_world, changed_class_indexes=changed_class_indexes, clean=clean, runner_intact=runner_intact, is_library_module=is_library_module, saved_builtins=saved_builtins, saved_modules=saved_modules, saved_dicts=saved_dicts, module_dict_names=module_dict_names, blocked=blocked, user_meta_path=user_meta_path, dict_events=dict_events, bridge_dicts=bridge_dicts)
