# Part of the interpreter worker's Python runner (joined after runner.py; see interpreterWorker.ts).
# The judge: everything a verdict rests on, built once per worker by make_judge() as closures that only the
# worker's JavaScript holds. No Python object that a program can reach refers to these functions or to their
# state (the audit hook list and the sys.monitoring callback table are C-level, and the runner namespace
# forgets make_judge as soon as JavaScript has called it), so a program that takes over the runner namespace
# still cannot change a verdict: the facts the verdict is decided from (which test statements returned, what
# ran during a comparison, what was refused) are recorded here. docs/python-sandbox.md explains each layer.
# Every name the closures use is bound here, at creation: a program can rebind globals, not closure cells that
# it cannot reach.


def make_judge(runner_ns, blocked_modules, violation_events, write_flags, output_limit_type, sandbox_violation_type):
    import ast
    import atexit
    import builtins
    import gc
    import itertools
    import operator
    import os
    import random
    import sys
    import types

    getframe, audit, monitoring = sys._getframe, sys.audit, sys.monitoring
    is_not, ne, truth = operator.is_not, operator.ne, operator.truth
    compress, count_from = itertools.compress, itertools.count
    CodeType, FunctionType, ModuleType = types.CodeType, types.FunctionType, types.ModuleType
    isinstance_, type_, id_, len_, callable_, max_ = isinstance, type, id, len, callable, max
    exec_, compile_, dict_, tuple_, list_, set_, getattr_, setattr_, delattr_ = exec, compile, dict, tuple, list, set, getattr, setattr, delattr
    str_, any_, map_, zip_, hasattr_, hash_ = str, any, map, zip, hasattr, hash
    BaseException_, AssertionError_, KeyboardInterrupt_, MemoryError_, OSError_ = BaseException, AssertionError, KeyboardInterrupt, MemoryError, OSError
    PermissionError_ = PermissionError
    # Refusals raise a builtin exception type: a program can change the runner's own classes, and none of its
    # code may run inside the hook.
    OutputLimit, SandboxViolation = output_limit_type, sandbox_violation_type
    DISABLE = monitoring.DISABLE
    events = monitoring.events
    # Code of the program starting or resuming. gen.throw()/close() resume without PY_RESUME, and PY_THROW exists
    # only as a global event: the callback skips code that is not the program's.
    USER_EVENTS, GLOBAL_EVENTS = events.PY_START | events.PY_RESUME, events.PY_THROW
    TOOL, TOOL_NAME = 4, "tracetune-judge"
    JsException = None
    try:
        from pyodide.ffi import JsException
    except ImportError:
        pass
    FRAME_ATTRS = frozenset(("tb_frame", "gi_frame", "cr_frame", "ag_frame"))
    CODE_ATTRS = frozenset(("f_code", "gi_code", "cr_code", "ag_code", "__code__"))
    GUARDED_FUNCTION_ATTRS = frozenset(("__code__", "__defaults__", "__kwdefaults__"))
    FRAME_EVENTS = frozenset(("sys._current_frames", "sys._current_exceptions", "sys.settrace", "sys.setprofile",
                              "sys.monitoring.register_callback"))

    # ---- what is whose ------------------------------------------------------------------------------------
    def nested_codes(code):
        found = [code]
        for const in code.co_consts:
            if type_(const) is CodeType:
                found.extend(nested_codes(const))
        return found

    def codes_of_namespace(ns):
        """Code objects of the functions and classes (methods, properties, closures) defined in a namespace."""
        found = []
        for value in list_(ns.values()):
            if type_(value) is FunctionType:
                found.extend(nested_codes(value.__code__))
            elif isinstance_(value, type):
                for member in list_(vars(value).values()):
                    for fn in (member, getattr_(member, "__func__", None), getattr_(member, "fget", None)):
                        if type_(fn) is FunctionType:
                            found.extend(nested_codes(fn.__code__))
        return found

    def stdlib_codes(qualified_names):
        """Code objects of standard-library functions, by module and qualified name (missing ones skipped)."""
        found = []
        for module_name, qualname in qualified_names:
            target = sys.modules.get(module_name)
            for part in qualname.split("."):
                target = getattr_(target, part, None)
            target = getattr_(target, "__func__", target)
            if type_(target) is FunctionType:
                found.extend(nested_codes(target.__code__))
        return found

    # Standard-library functions that read frames or code objects on a program's behalf and hand back only
    # what they derived from them (names, line numbers, text). A frame they obtain is not the program's.
    frame_consumers = stdlib_codes((
        ("logging", "Logger.findCaller"), ("logging", "Logger._log"), ("warnings", "warn"), ("_py_warnings", "warn"),
        ("_py_warnings", "_next_external_frame"), ("traceback", "extract_stack"), ("traceback", "format_stack"),
        ("traceback", "print_stack"), ("traceback", "StackSummary.extract"), ("traceback", "StackSummary._extract_from_extended_frame_gen"),
        ("traceback", "TracebackException.__init__"), ("typing", "_caller"),
        ("enum", "EnumType._create_"), ("collections", "namedtuple"), ("dataclasses", "make_dataclass"),
        ("inspect", "_signature_from_function"), ("inspect", "getgeneratorstate"), ("inspect", "getcoroutinestate"),
        ("inspect", "getasyncgenstate"), ("unittest.result", "TestResult._is_relevant_tb_level"),
    ))
    # Standard-library functions that generate code with exec/eval for the program (namedtuple, dataclass):
    # what they make is the library's, not the program's, so it may run in a comparison.
    code_generators = stdlib_codes((("collections", "namedtuple"), ("dataclasses", "_FuncBuilder.add_fns_to_class"),
                                    ("dataclasses", "_create_fn"), ("dataclasses", "_process_class"),
                                    # the import system reading a library module's compiled code
                                    ("importlib._bootstrap_external", "_compile_bytecode"), ("zipimport", "_unmarshal_code"),
                                    ("importlib._bootstrap_external", "SourceLoader.get_code"), ("zipimport", "_compile_source")))
    # The runner's own callbacks that read frames while user code is on the stack (the tracer).
    tracer_class = runner_ns.get("Tracer")
    tracer_codes = codes_of_namespace({"Tracer": tracer_class}) if tracer_class else []
    runner_codes = codes_of_namespace(runner_ns)
    barrier_ids = frozenset(map_(id_, frame_consumers + code_generators + tracer_codes))
    runner_code_ids = frozenset(map_(id_, runner_codes))
    keep_alive = (frame_consumers, code_generators, tracer_codes, runner_codes)  # ids stay valid

    user_codes = {}      # id -> code: the program's code, and code it made (exec, compile, FunctionType)
    implicit_dunders = set_()  # ids of the program's protocol methods that a test sets off only implicitly
    # Methods a test calls on the program's objects on purpose (constructing, calling, iterating, indexing,
    # printing them): the program's answer, not a reinterpretation of the tests' own expression.
    EXPLICIT_DUNDERS = frozenset((
        "__init__", "__new__", "__call__", "__post_init__", "__init_subclass__", "__set_name__", "__class_getitem__",
        "__enter__", "__exit__", "__aenter__", "__aexit__", "__iter__", "__next__", "__aiter__", "__anext__", "__await__",
        "__getitem__", "__setitem__", "__delitem__", "__missing__", "__getattr__", "__getattribute__", "__setattr__",
        "__delattr__", "__get__", "__set__", "__delete__", "__repr__", "__str__", "__format__", "__len__", "__reversed__",
        "__length_hint__", "__del__", "__dir__", "__sizeof__", "__reduce__", "__reduce_ex__", "__copy__", "__deepcopy__",
        "__getstate__", "__setstate__", "__main__"))
    foreign_codes = {}   # id -> code: this run's tests and setup
    USER, BARRIER = 1, 2

    def register_user(code):
        for c in nested_codes(code):
            if id_(c) not in user_codes and id_(c) not in runner_code_ids:
                user_codes[id_(c)] = c
                name = c.co_name
                if name[:2] == "__" and name[-2:] == "__" and name not in EXPLICIT_DUNDERS:
                    implicit_dunders.add(id_(c))
                monitoring.set_local_events(TOOL, c, USER_EVENTS)

    def register_foreign(code):
        for c in nested_codes(code):
            foreign_codes[id_(c)] = c

    # Where the standard library's files live (the zip and its directory); a program can write no file there.
    library_prefixes = tuple_(p.rstrip("/") + "/" for p in sys.path if p.startswith("/lib/python"))

    def is_library_file(filename):
        return filename.startswith(library_prefixes)

    def receiver(start):
        """Who gets what an audited operation hands out: USER when the program's code comes first on the way
        out of the stack, BARRIER when a library function that keeps it to itself does, else None (the runner
        or the tests)."""
        frame = start
        while frame is not None:
            code_id = id_(frame.f_code)
            if code_id in user_codes:
                return USER
            if code_id in barrier_ids:
                return BARRIER
            frame = frame.f_back
        return None

    # ---- facts of the current run --------------------------------------------------------------------------
    armed = False
    in_hook = False
    violation_count = count_from()   # only ever goes up: next() by the hook
    violation_reasons = []
    fake_count = count_from()
    fake_names = []
    compare_depth = 0
    last_actual = None
    disabled = []        # program code objects whose events the callback disabled since the last comparison

    def counter_value(counter):
        return int(repr(counter)[6:-1])

    def refuse(reason, raise_it=True):
        next(violation_count)
        if len_(violation_reasons) < 8:
            violation_reasons.append(reason)
        if raise_it:
            raise PermissionError_(f"{reason} is not allowed in the tracetune sandbox")

    # ---- the audit hook ------------------------------------------------------------------------------------
    def check_monitoring_tool():
        """The judge's sys.monitoring tool is ours, with our callbacks and events on every program code object."""
        # Callbacks are only re-registered after a change: register_callback is refused to programs, so they can
        # drop ours only with free_tool_id/clear_tool_id, which also clear the events checked here.
        intact = monitoring.get_tool(TOOL) == TOOL_NAME and monitoring.get_events(TOOL) == GLOBAL_EVENTS
        if not intact:
            if monitoring.get_tool(TOOL) is not None:
                monitoring.free_tool_id(TOOL)
            monitoring.use_tool_id(TOOL, TOOL_NAME)
            for event in (events.PY_START, events.PY_RESUME, events.PY_THROW):
                monitoring.register_callback(TOOL, event, on_user_code)
            monitoring.set_events(TOOL, GLOBAL_EVENTS)
        for code in list_(user_codes.values()):
            if monitoring.get_local_events(TOOL, code) != USER_EVENTS:
                intact = False
                monitoring.set_local_events(TOOL, code, USER_EVENTS)
        return intact

    def on_compare(begin, value):
        nonlocal compare_depth, last_actual
        if not begin:
            compare_depth = max_(0, compare_depth - 1)
            return
        compare_depth += 1
        last_actual = value
        if compare_depth == 1 and disabled:
            # Nothing of the program ran since the last comparison when nothing was disabled (every code object
            # was armed then, and its first start disables it): no re-arming and no check needed.
            # Re-arm what the callback disabled since the last comparison (setting a code object's local events
            # again undoes DISABLE for it alone: monitoring.restart_events() would re-instrument every code
            # object, ~30 µs plus a pass over each one run after), then check nothing else was switched off.
            set_local_events = monitoring.set_local_events
            for code in disabled:
                set_local_events(TOOL, code, 0)
                set_local_events(TOOL, code, USER_EVENTS)
            disabled.clear()
            if not check_monitoring_tool():
                refuse("changing the judge's sys.monitoring tool", raise_it=False)

    def hook(event, args):
        nonlocal in_hook
        # Event names and arguments can come from the program (sys.audit): nothing here may call a method of
        # them (a str subclass's __eq__ would be the program's code running inside the hook).
        if not armed or in_hook or type_(event) is not str_:
            return
        in_hook = True
        try:
            on_event(event, args)
        finally:
            in_hook = False

    def on_event(event, args):
        if event == "tracetune.compare":
            on_compare(args[0] is True, args[1] if len_(args) > 1 else None)
        elif event == "object.__getattr__":
            name = args[1]
            if name in FRAME_ATTRS:
                if receiver(getframe(2)) == USER:
                    refuse(f"reading {name}")
            elif name in CODE_ATTRS:
                target = args[0]
                if name == "f_code" or (name == "__code__" and is_foreign_function(target)) or name != "__code__" and is_foreign_generator(target):
                    if receiver(getframe(2)) == USER:
                        refuse(f"reading {name} of code that is not the program's")
        elif event == "sys._getframe":
            if receiver(getframe(2)) == USER:
                refuse("sys._getframe")
        elif event == "exec" or event == "function.__new__":
            code = args[0]
            if type_(code) is CodeType:
                who = receiver(getframe(2))
                if who == USER:
                    if id_(code) in foreign_codes or id_(code) in runner_code_ids:
                        refuse("running the tests' or the runner's code")
                    # A library module the program imports runs its code on the program's behalf: it is the
                    # library's (its file name cannot be forged: compile, code.__new__ and marshal refuse that).
                    if not is_library_file(code.co_filename):
                        register_user(code)
        elif event == "compile" or event == "code.__new__":
            filename = args[1] if len_(args) > 1 else None
            if type_(filename) is str_ and is_library_file(filename) and receiver(getframe(2)) == USER:
                refuse(f"compiling code that claims the library file {filename!r}")
        elif event == "marshal.loads" or event == "marshal.load":
            if receiver(getframe(2)) == USER:
                refuse("unmarshalling code")
        elif event == "object.__setattr__":
            target, name = args[0], args[1]
            if type_(target) is FunctionType and name in GUARDED_FUNCTION_ATTRS:
                who = receiver(getframe(2))
                if who == USER:
                    if is_foreign_function(target):
                        refuse(f"changing {name} of a function that is not the program's")
                    if name == "__code__" and type_(args[2]) is CodeType:
                        register_user(args[2])
        elif event in FRAME_EVENTS:
            if receiver(getframe(2)) == USER:
                refuse(event)
        elif event == "import":
            name = args[0] if type_(args[0]) is str_ else ""
            if name.split(".")[0] in blocked_modules:
                refuse(f"import {name}")
        elif event == "open":
            mode, flags = args[1], args[2]
            if (type_(mode) is str_ and any_(c in mode for c in "wax+")) or (type_(flags) is int and flags & write_flags):
                refuse(f"opening {args[0] if type_(args[0]) is str_ else 'a file'!r} for writing")
        elif event == "tracetune.blocked_import":
            refuse(f"import {args[0] if len_(args) and type_(args[0]) is str_ else 'a blocked module'}")
        elif event == "tracetune.user_code":
            if type_(args[0]) is CodeType:
                register_user(args[0])
        elif event == "tracetune.violation":
            refuse(args[0] if len_(args) and type_(args[0]) is str_ else "a refused action", raise_it=False)
        elif event in violation_events or event.startswith("socket."):
            refuse(event)

    def is_foreign_function(fn):
        code = fn.__code__ if type_(fn) is FunctionType else None
        return code is not None and (id_(code) in foreign_codes or id_(code) in runner_code_ids)

    def is_foreign_generator(gen):
        code = getattr_(gen, "gi_code", None) or getattr_(gen, "cr_code", None) or getattr_(gen, "ag_code", None)
        return code is not None and id_(code) not in user_codes

    def on_user_code(code, offset, *rest):
        nonlocal in_hook
        if id_(code) not in user_codes:
            return None if rest else DISABLE
        if compare_depth > 0:
            next(fake_count)
            if len_(fake_names) < 4:
                fake_names.append(code.co_qualname)
            return None
        if id_(code) in implicit_dunders:
            # A protocol method of the program's (__sub__, __index__, __float__, ...) that the tests' own code set
            # off: `abs(f(x) - 2.5) < 1e-6` with f returning an object whose __sub__ returns 0. Stays armed,
            # since one call from the program's own code must not blind it for the tests' call.
            in_hook = True  # our own frame reads are not the program's
            try:
                caller = getframe(2)
                caller = caller.f_code if caller is not None else None
            finally:
                in_hook = False
            if caller is not None and id_(caller) in foreign_codes:
                next(fake_count)
                if len_(fake_names) < 4:
                    fake_names.append(code.co_qualname)
            return None
        if rest:
            return None  # PY_THROW cannot be disabled
        disabled.append(code)
        return DISABLE

    sys.addaudithook(hook)
    if monitoring.get_tool(TOOL) is not None:
        monitoring.free_tool_id(TOOL)
    monitoring.use_tool_id(TOOL, TOOL_NAME)
    for _event in (events.PY_START, events.PY_RESUME, events.PY_THROW):
        monitoring.register_callback(TOOL, _event, on_user_code)
    monitoring.set_events(TOOL, GLOBAL_EVENTS)

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

    def made_by_program(value):
        """A function, class or instance whose code is the program's (its type's methods included)."""
        kind = type_(value)
        if kind is FunctionType:
            return id_(value.__code__) in user_codes
        klass = value if issubclass(kind, type) else kind
        for base in klass.__mro__:
            for member in list_(vars(base).values()):
                if type_(member) is FunctionType and id_(member.__code__) in user_codes:
                    return True
        return False

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

    # ---- the tests' own world ------------------------------------------------------------------------------
    def private_random(seed):
        """A `random` module for the tests alone: the same functions, bound to a generator seeded by the runner."""
        module = ModuleType("random")
        module.__dict__.update(saved_dicts[module_dict_names.index("random")])
        generator = random.Random(seed)
        for name, value in list_(module.__dict__.items()):
            if getattr_(value, "__self__", None) is random._inst:
                module.__dict__[name] = getattr_(generator, name)
        module._inst = generator
        return module

    def make_test_builtins(seed):
        """Builtins for the tests: the pristine ones, whose import gives the tests their own random module."""
        test_builtins = dict_(saved_builtins)
        real_import = saved_builtins["__import__"]
        own = {}

        def tests_import(name, globals=None, locals=None, fromlist=(), level=0, _real=real_import, _own=own, _seed=seed):
            if name == "random" and level == 0:
                module = _own.get("random")
                if module is None:
                    module = _own["random"] = private_random(_seed)
                return module
            return _real(name, globals, locals, fromlist, level)

        test_builtins["__import__"] = tests_import
        return test_builtins

    def function_under_test(ns, entry, items):
        """The entry point, or for asserts without one the only program function the tests call (MBPP 126
        tests a program's own `sum`)."""
        if entry is not None:
            return entry
        called = set_()
        for code, _ in items:
            for c in nested_codes(code):
                called.update(name for name in c.co_names if name in ns and made_by_program(ns[name]))
        return called.pop() if len_(called) == 1 else None

    def tests_namespace(ns, entry, test_builtins, items):
        """The tests see the program's names, except where the program shadowed what the tests mean by a name:
        a builtin (a program's own `abs` that returns 0) or a module (a program's `math = Fake()`): those are the
        real ones (and `random` is the tests' own). The function under test may have a builtin's name."""
        test_ns = dict_(ns)
        tests_import = test_builtins["__import__"]
        under_test = None
        for name, value in list_(ns.items()):
            if name.startswith("__"):
                continue
            shadows_builtin = name in saved_builtins and value is not saved_builtins[name]
            if type_(value) is ModuleType:
                if not is_library_module(value) or value.__name__.split(".")[0] in blocked_modules:
                    del test_ns[name]
                elif "." not in value.__name__:
                    test_ns[name] = tests_import(value.__name__)
            elif shadows_builtin or name in saved_modules:
                if under_test is None:
                    under_test = function_under_test(ns, entry, items) or ""
                if name != under_test:
                    if shadows_builtin:
                        del test_ns[name]
                    else:
                        test_ns[name] = tests_import(name)
        test_ns["__builtins__"] = test_builtins
        return test_ns

    # ---- comparisons the tests make ------------------------------------------------------------------------
    compare_ops = (operator.eq, operator.ne, operator.lt, operator.le, operator.gt, operator.ge,
                   lambda a, b: a in b, lambda a, b: a not in b, operator.is_, operator.is_not)

    def tt_cmp(left, right, op, _audit=audit, _ops=compare_ops, _truth=truth):
        _audit("tracetune.compare", True, left)
        try:
            return _truth(_ops[op](left, right))
        finally:
            _audit("tracetune.compare", False)

    def tt_chain(ops, left, *rights, _audit=audit, _ops=compare_ops, _truth=truth):
        for op, right_thunk in zip(ops, rights):
            right = right_thunk()
            _audit("tracetune.compare", True, left)
            try:
                if not _truth(_ops[op](left, right)):
                    return False
            finally:
                _audit("tracetune.compare", False)
            left = right
        return True

    def tt_truth(value, _audit=audit, _truth=truth):
        _audit("tracetune.compare", True, value)
        try:
            return _truth(value)
        finally:
            _audit("tracetune.compare", False)

    # ---- one run -------------------------------------------------------------------------------------------
    def begin():
        """Arms the guard for a run (JavaScript calls it before anything of the run executes)."""
        nonlocal armed, compare_depth, last_actual
        user_codes.clear()
        implicit_dunders.clear()
        disabled.clear()
        foreign_codes.clear()
        violation_reasons.clear()
        fake_names.clear()
        compare_depth, last_actual = 0, None
        check_monitoring_tool()
        for name in blocked:
            sys.modules.pop(name, None)
        for live, _ in bridge_dicts:
            live.clear()
        sys.meta_path[:] = user_meta_path
        if dict_events is not None:
            dict_events.clear()  # the purge above is ours
        armed = True
        return (counter_value(violation_count), counter_value(fake_count))

    def classify(exc, in_test):
        if isinstance_(exc, OutputLimit):
            return "output_limit"
        if JsException is not None and isinstance_(exc, JsException):
            refuse("reaching JavaScript", raise_it=False)
            return "violation"
        if isinstance_(exc, SandboxViolation):
            return "violation"
        if isinstance_(exc, OSError_) and "does not support processes" in str_(exc.args):
            refuse("starting a process", raise_it=False)
            return "violation"
        if isinstance_(exc, KeyboardInterrupt_):
            return "timeout"
        if isinstance_(exc, MemoryError_):
            return "memory"
        if in_test and isinstance_(exc, AssertionError_):
            return "fail"
        return "error"

    def attempt(code, ns):
        try:
            exec_(code, ns)
        except BaseException_ as exc:
            return exc
        return None

    def run_exec(program_code, setup_code, ns, entry, items, check_call, test_seed):
        """Runs a program and its tests. Returns (verdict, error, outcomes), outcomes one (passed, exception,
        actual) per test. Its locals live in this frame, which no program can get; its result is all JS uses."""
        nonlocal last_actual, tests_ran
        register_user(program_code)
        verdict, error, outcomes = None, None, []
        if setup_code is not None:
            register_foreign(setup_code)
            error = attempt(setup_code, ns)
        if error is None:
            error = attempt(program_code, ns)
        if error is not None:
            verdict = classify(error, False)
        # Without tests nothing can be fooled by a changed world (it is restored after the run).
        change = world_change() if verdict is None and items else None
        if change is not None:
            refuse(f"changing {change}", raise_it=False)
            verdict = "violation"
        if verdict is None and entry is not None and not callable_(ns.get(entry)):
            verdict = "missing_entry_point"
        if verdict is None and items:
            tests_ran = True
            test_builtins = make_test_builtins(test_seed)
            test_ns = tests_namespace(ns, entry, test_builtins, items)
            test_ns["__tt_cmp__"], test_ns["__tt_chain__"], test_ns["__tt_truth__"] = tt_cmp, tt_chain, tt_truth
            for code, is_test in items:
                register_foreign(code)
            if check_call is not None:
                register_foreign(check_call)
                test_ns["__tt_candidate__"] = ns[entry]
            copied = {name: value for name, value in test_ns.items() if ns.get(name, test_ns) is value}
            for code, is_test in items:
                # Program globals the tests read (state a function updates) are refreshed between test statements,
                # as one python3 script would see them; a name the tests rebound, or a shadow we replaced, is not.
                for name, value in list_(copied.items()):
                    now = ns.get(name, copied)
                    if now is not value and test_ns.get(name, copied) is value and type_(now) is not ModuleType and not (name in saved_builtins or name in saved_modules):
                        test_ns[name] = copied[name] = now
                last_actual = None
                fakes_before = counter_value(fake_count)
                exc = attempt(code, test_ns)
                if exc is None and check_call is not None:
                    exc = attempt(check_call, test_ns)
                if is_test:
                    # A test whose comparison ran the program's code did not pass, whatever it returned.
                    genuine = exc is None and counter_value(fake_count) == fakes_before
                    outcomes.append((genuine, exc, last_actual if exc is not None else None))
                if exc is not None:
                    kind = classify(exc, True)
                    if verdict is None:
                        verdict, error = kind, exc
                    if kind not in ("fail", "error") or not is_test:
                        break
            # A change made while the tests ran is refused at the end of the run (end), before the restore.
        return (verdict, error, outcomes, "".join("1" if passed else "0" for passed, _, _ in outcomes))

    def run_prepared(prepared):
        return run_exec(*prepared[:7])

    tests_ran = False

    def end():
        """Ends a run. The program's finalizers and exit callbacks still count as the program's (they run armed);
        then the runner is checked and the world restored, still armed, since a comparison may call a method the
        program left behind. Returns (violations, reasons, fakes, fake names, worker still trustworthy)."""
        nonlocal armed, tests_ran
        try:
            gc.collect()
            atexit._run_exitfuncs()
        except BaseException_:
            pass
        gc.freeze()  # what outlived the run (caches) joins the baseline's generation
        trustworthy = True
        try:
            changed_classes = changed_class_indexes()
            change = world_change(changed_classes) if tests_ran else None
        except BaseException_:
            changed_classes, change = range(len_(class_views)), "the interpreter's state"
        if change is not None:
            refuse(f"changing {change}", raise_it=False)
        for step in (atexit._clear, runner_intact, lambda: restore_world(changed_classes), lambda: clean(changed_classes), check_monitoring_tool):
            try:
                if step() is False:
                    trustworthy = False
            except BaseException_:
                trustworthy = False
        armed = tests_ran = False
        return (counter_value(violation_count), tuple_(violation_reasons), counter_value(fake_count), tuple_(fake_names), trustworthy)

    # Compiled tests by (tests text, kind), for prepare_exec (testRunner.py): here, where no program reaches it,
    # so a program cannot leave compiled tests of its own for the next sample of the same task.
    tests_cache = {}
    return {"begin": begin, "end": end, "run_prepared": run_prepared, "tests_cache": tests_cache}
