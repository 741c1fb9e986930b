# Part of the interpreter worker's Python runner (joined last, after judgeWorld.py; see interpreterWorker.ts).
# The judge: everything a verdict rests on, built once per worker by make_judge() as closures that only the
# worker's JavaScript holds. No Python object that a program can reach refers to these functions or to their
# state (the audit hook list and the sys.monitoring callback table are C-level, and the runner namespace
# forgets make_judge as soon as JavaScript has called it), so a program that takes over the runner namespace
# still cannot change a verdict: the facts the verdict is decided from (which test statements returned, what
# ran during a comparison, what was refused) are recorded here. docs/python-sandbox.md explains each layer.
# Every name the closures use is bound here, at creation: a program can rebind globals, not closure cells that
# it cannot reach.


def make_judge(runner_ns, blocked_modules, violation_events, write_flags, output_limit_type, sandbox_violation_type):
    # The world factory (judgeWorld.py) leaves the runner namespace with this one: no program finds either there.
    make_world = runner_ns.pop("make_world")
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
            take_monitoring_tool()
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

    def record_fake(code):
        next(fake_count)
        if len_(fake_names) < 4:
            fake_names.append(code.co_qualname)

    def on_user_code(code, offset, *rest):
        nonlocal in_hook
        if id_(code) not in user_codes:
            return None if rest else DISABLE
        if compare_depth > 0:
            record_fake(code)
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
                record_fake(code)
            return None
        if rest:
            return None  # PY_THROW cannot be disabled
        disabled.append(code)
        return DISABLE

    def take_monitoring_tool():
        if monitoring.get_tool(TOOL) is not None:
            monitoring.free_tool_id(TOOL)
        monitoring.use_tool_id(TOOL, TOOL_NAME)
        for event in (events.PY_START, events.PY_RESUME, events.PY_THROW):
            monitoring.register_callback(TOOL, event, on_user_code)
        monitoring.set_events(TOOL, GLOBAL_EVENTS)

    sys.addaudithook(hook)
    take_monitoring_tool()

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

    world = make_world(runner_ns, blocked_modules, made_by_program, TOOL)
    world_change, restore_world, changed_class_indexes, clean = world.world_change, world.restore_world, world.changed_class_indexes, world.clean
    runner_intact, is_library_module = world.runner_intact, world.is_library_module
    saved_builtins, saved_modules, saved_dicts, module_dict_names = world.saved_builtins, world.saved_modules, world.saved_dicts, world.module_dict_names
    blocked, user_meta_path, dict_events, bridge_dicts = world.blocked, world.user_meta_path, world.dict_events, world.bridge_dicts

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
            changed_classes, change = world.all_classes, "the interpreter's state"
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
