// Ordinary correct programs that lean on the parts of the standard library that read frames, code objects or
// generate __eq__ on the program's behalf (logging, warnings, traceback, dataclasses, namedtuple, Enum,
// typing, functools, inspect.signature, contextlib, generators), plus the changes a correct program may make
// to its interpreter (recursion limit, int digits limit, its own random seed, imports). Every one must PASS:
// the integrity rules may not cost an honest program its verdict (noFalseViolations.test.ts, batch.test.ts).
import type { ExecRequest } from "../../../../native/python/index.js";
import { fastLimits, py } from "./integrityFixtures.js";

export interface OrdinaryProgram {
  name: string;
  request: ExecRequest;
}

const program = (name: string, source: string, tests: string, extra: Partial<ExecRequest> = {}): OrdinaryProgram => ({ name, request: { program: source, tests, limits: fastLimits, ...extra } });

export const ordinaryPrograms: readonly OrdinaryProgram[] = [
  program("logging.basicConfig with %(funcName)s and %(lineno)d, logger.warning/info in the call", py`
    import logging, sys
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(levelname)s %(funcName)s:%(lineno)d %(message)s")
    log = logging.getLogger("solver")
    def add(a, b):
        log.info("adding %s and %s", a, b)
        if a < 0:
            log.warning("negative input %d", a)
        return a + b
  `, "assert add(2, 3) == 5\nassert add(-1, 1) == 0"),
  program("logging: a StreamHandler with a Formatter, logger.exception in an except block", py`
    import logging, sys
    log = logging.getLogger("parse")
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(name)s %(funcName)s %(filename)s:%(lineno)d %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)
    def to_int(s):
        try:
            return int(s)
        except ValueError:
            log.exception("not a number: %r", s)
            return None
  `, "assert to_int('12') == 12\nassert to_int('x') is None"),
  program("warnings.warn with a stacklevel", py`
    import warnings
    def old_sqrt(x):
        warnings.warn("old_sqrt is deprecated", DeprecationWarning, stacklevel=2)
        return x ** 0.5
  `, "assert old_sqrt(9) == 3.0"),
  program("warnings.catch_warnings(record=True) inspected by the program", py`
    import warnings
    def count_warnings(n):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for i in range(n):
                warnings.warn(f"w{i}", UserWarning)
        return len(caught)
  `, "assert count_warnings(3) == 3"),
  program("traceback.print_exc() and format_exc() in an except block", py`
    import traceback
    def safe_div(a, b):
        try:
            return a / b
        except ZeroDivisionError:
            traceback.print_exc()
            text = traceback.format_exc()
            return "ZeroDivisionError" in text and None
  `, "assert safe_div(6, 3) == 2\nassert safe_div(1, 0) is None"),
  program("traceback.print_stack(), extract_stack() and format_stack()", py`
    import traceback
    def depth_marker(n):
        traceback.print_stack(limit=2)
        frames = traceback.extract_stack()
        text = "".join(traceback.format_stack(limit=1))
        return n * 2 if frames and text else -1
  `, "assert depth_marker(4) == 8"),
  program("collections.namedtuple returned and compared to a tuple and to an instance", py`
    from collections import namedtuple
    Point = namedtuple("Point", "x y")
    def midpoint(a, b):
        return Point((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
  `, "assert midpoint((0, 0), (2, 4)) == (1.0, 2.0)\nassert midpoint((0, 0), (2, 2)) == Point(1.0, 1.0)"),
  program("enum.Enum class and the functional API Enum('Color', 'RED GREEN')", py`
    import enum
    class Suit(enum.Enum):
        HEARTS = 1
        SPADES = 2
    Color = enum.Enum("Color", "RED GREEN")
    def color_of(name):
        return Color[name.upper()]
    def suit_of(n):
        return Suit(n)
  `, "assert color_of('red') == Color.RED\nassert suit_of(2) == Suit.SPADES\nassert color_of('green') != Color.RED"),
  program("enum.IntEnum / Flag / unique / auto", py`
    from enum import Flag, IntEnum, auto, unique
    @unique
    class Level(IntEnum):
        LOW = 1
        HIGH = 2
    class Perm(Flag):
        R = auto()
        W = auto()
    def level(n):
        return Level(n)
    def perms(read, write):
        p = Perm(0)
        if read:
            p |= Perm.R
        if write:
            p |= Perm.W
        return p
  `, "assert level(2) == 2\nassert perms(True, True) == Perm.R | Perm.W\nassert Perm.W not in perms(True, False)"),
  program("typing: TypeVar, Generic, NamedTuple, TypedDict, Optional, Protocol", py`
    from typing import Generic, List, NamedTuple, Optional, Protocol, TypedDict, TypeVar
    T = TypeVar("T")
    class Stack(Generic[T]):
        def __init__(self) -> None:
            self.items: List[T] = []
        def push(self, item: T) -> None:
            self.items.append(item)
        def pop(self) -> Optional[T]:
            return self.items.pop() if self.items else None
    class Pair(NamedTuple):
        left: int
        right: int = 0
    class Movie(TypedDict):
        title: str
        year: int
    class HasLen(Protocol):
        def __len__(self) -> int: ...
    def last_pushed(xs: List[int]) -> Optional[int]:
        s: Stack[int] = Stack()
        for x in xs:
            s.push(x)
        return s.pop()
    def pair(a: int) -> Pair:
        return Pair(a)
    def movie(t: str, y: int) -> Movie:
        return Movie(title=t, year=y)
  `, "assert last_pushed([1, 2, 3]) == 3\nassert last_pushed([]) is None\nassert pair(4) == (4, 0)\nassert movie('x', 1) == {'title': 'x', 'year': 1}"),
  program("dataclasses with eq, order and frozen, returned and compared; sorted by generated __lt__", py`
    from dataclasses import dataclass, field, asdict
    @dataclass(order=True, frozen=True)
    class Version:
        major: int
        minor: int = 0
    @dataclass
    class Bag:
        items: list = field(default_factory=list)
    def newest(versions):
        return max(Version(*v) for v in versions)
    def ordered(versions):
        return sorted(Version(*v) for v in versions)
    def bag(*xs):
        return asdict(Bag(list(xs)))
  `, "assert newest([(1, 2), (1, 10), (0, 99)]) == Version(1, 10)\nassert ordered([(2, 0), (1, 5)]) == [Version(1, 5), Version(2, 0)]\nassert bag(1, 2) == {'items': [1, 2]}"),
  program("functools: lru_cache, cache, wraps, partial, reduce, total_ordering, singledispatch", py`
    import functools, operator
    @functools.lru_cache(maxsize=None)
    def fib(n):
        return n if n < 2 else fib(n - 1) + fib(n - 2)
    def logged(fn):
        @functools.wraps(fn)
        def inner(*args):
            return fn(*args)
        return inner
    @logged
    def product(xs):
        return functools.reduce(operator.mul, xs, 1)
    @functools.total_ordering
    class Money:
        def __init__(self, cents):
            self.cents = cents
        def __eq__(self, other):
            return self.cents == other.cents
        def __lt__(self, other):
            return self.cents < other.cents
    @functools.singledispatch
    def describe(x):
        return "thing"
    @describe.register
    def _(x: int):
        return "int"
    def richest(amounts):
        return max(Money(a) for a in amounts).cents
    double = functools.partial(operator.mul, 2)
  `, "assert fib(30) == 832040\nassert product([2, 3, 4]) == 24\nassert product.__name__ == 'product'\nassert richest([5, 50, 7]) == 50\nassert describe(3) == 'int'\nassert describe('a') == 'thing'\nassert double(21) == 42"),
  program("inspect.signature of the program's own functions", py`
    import inspect
    def area(width, height=1, *, scale=1):
        return width * height * scale
    def arity(fn):
        return len(inspect.signature(fn).parameters)
    def defaults():
        return {k: v.default for k, v in inspect.signature(area).parameters.items() if v.default is not inspect.Parameter.empty}
  `, "assert arity(area) == 3\nassert defaults() == {'height': 1, 'scale': 1}"),
  program("reading its own function's __code__ (co_argcount)", py`
    def add(a, b):
        return a + b
    def own_arity():
        return add.__code__.co_argcount
  `, "assert own_arity() == 2\nassert add(1, 2) == 3"),
  program("a generator consumed by list() in the test", py`
    def squares(n):
        for i in range(n):
            yield i * i
  `, "assert list(squares(4)) == [0, 1, 4, 9]\nassert sum(squares(3)) == 5"),
  program("generator pipelines, itertools and a generator's send()", py`
    import itertools
    def running_total():
        total = 0
        while True:
            x = yield total
            total += x
    def totals(xs):
        gen = running_total()
        next(gen)
        return [gen.send(x) for x in xs]
    def pairs(xs):
        return list(itertools.combinations(xs, 2))
  `, "assert totals([1, 2, 3]) == [1, 3, 6]\nassert pairs([1, 2, 3]) == [(1, 2), (1, 3), (2, 3)]"),
  program("a class with its own __eq__ and __hash__ used internally (deduplication), returning plain ints", py`
    class Edge:
        def __init__(self, a, b):
            self.a, self.b = min(a, b), max(a, b)
        def __eq__(self, other):
            return (self.a, self.b) == (other.a, other.b)
        def __hash__(self):
            return hash((self.a, self.b))
    def count_edges(pairs):
        return len({Edge(a, b) for a, b in pairs})
  `, "assert count_edges([(1, 2), (2, 1), (3, 4)]) == 2"),
  program("a class with __repr__/__str__ printed during the call", py`
    class Node:
        def __init__(self, v, nxt=None):
            self.v, self.nxt = v, nxt
        def __repr__(self):
            return f"Node({self.v})"
    def build(xs):
        head = None
        for x in reversed(xs):
            head = Node(x, head)
        print(head, str(head))
        out = []
        while head:
            out.append(head.v)
            head = head.nxt
        return out
  `, "assert build([1, 2, 3]) == [1, 2, 3]"),
  program("deep recursion after sys.setrecursionlimit", py`
    import sys
    sys.setrecursionlimit(5000)
    def depth(n):
        return 0 if n == 0 else 1 + depth(n - 1)
  `, "assert depth(2000) == 2000"),
  program("sys.set_int_max_str_digits for a huge int's digits", py`
    import sys
    sys.set_int_max_str_digits(100000)
    def digit_count(n):
        return len(str(7 ** n))
  `, "assert digit_count(20000) == 16902"),
  program("random with its own seed, used internally", py`
    import random
    random.seed(12345)
    def shuffled_sorted(xs):
        ys = list(xs)
        random.shuffle(ys)
        return sorted(ys)
    def sample_sum(xs):
        rng = random.Random(7)
        return sum(rng.sample(xs, len(xs)))
  `, "assert shuffled_sorted([3, 1, 2]) == [1, 2, 3]\nassert sample_sum([1, 2, 3]) == 6"),
  program("Fraction and Decimal results", py`
    from decimal import Decimal, getcontext
    from fractions import Fraction
    def harmonic(n):
        return sum(Fraction(1, k) for k in range(1, n + 1))
    def money(cents):
        getcontext().prec = 10
        return Decimal(cents) / Decimal(100)
  `, "from fractions import Fraction\nfrom decimal import Decimal\nassert harmonic(3) == Fraction(11, 6)\nassert money(1234) == Decimal('12.34')"),
  program("frozensets and nested containers of namedtuples, enums and dataclasses", py`
    import enum
    from collections import namedtuple
    from dataclasses import dataclass
    P = namedtuple("P", "x y")
    class Kind(enum.Enum):
        A = "a"
    @dataclass(frozen=True)
    class Tag:
        name: str
    def groups(words):
        return {len(w): frozenset(w2 for w2 in words if len(w2) == len(w)) for w in words}
    def nested():
        return [{"p": P(1, 2), "k": Kind.A, "t": (Tag("x"), [Tag("y")])}]
  `, "assert groups(['ab', 'cd', 'e']) == {2: frozenset({'ab', 'cd'}), 1: frozenset({'e'})}\nassert nested() == [{'p': (1, 2), 'k': Kind.A, 't': (Tag('x'), [Tag('y')])}]"),
  program("a generator of dataclass instances consumed by list() in the test", py`
    from dataclasses import dataclass
    @dataclass
    class Hit:
        index: int
        value: str
    def hits(s, ch):
        for i, c in enumerate(s):
            if c == ch:
                yield Hit(i, c)
  `, "assert list(hits('abca', 'a')) == [Hit(0, 'a'), Hit(3, 'a')]"),
  program("contextlib.contextmanager and suppress", py`
    import contextlib
    LOG = []
    @contextlib.contextmanager
    def tag(name):
        LOG.append("<" + name)
        yield name
        LOG.append(name + ">")
    def wrapped(name):
        with tag(name) as n, contextlib.suppress(KeyError):
            {}[n]
        return list(LOG)
  `, "assert wrapped('b') == ['<b', 'b>']"),
  program("abc.ABC with abstract methods and subclasses", py`
    from abc import ABC, abstractmethod
    class Shape(ABC):
        @abstractmethod
        def area(self): ...
    class Square(Shape):
        def __init__(self, s):
            self.s = s
        def area(self):
            return self.s * self.s
    def total_area(sides):
        return sum(Square(s).area() for s in sides)
  `, "assert total_area([1, 2]) == 5"),
  program("a custom exception raised and caught, with traceback.format_exception", py`
    import traceback
    class BadInput(ValueError):
        pass
    def parse_positive(s):
        try:
            n = int(s)
            if n <= 0:
                raise BadInput(s)
            return n
        except BadInput as e:
            lines = traceback.format_exception(type(e), e, e.__traceback__)
            return -len(lines) if lines else 0
  `, "assert parse_positive('5') == 5\nassert parse_positive('-1') < 0"),
  program("exec, eval and type() used internally, returning plain values", py`
    def evaluate(expr):
        return eval(expr, {"__builtins__": {}}, {})
    def make_counter_class():
        ns = {}
        exec("class Counter:\n    def __init__(self):\n        self.n = 0\n    def hit(self):\n        self.n += 1\n        return self.n\n", ns)
        return ns["Counter"]
    def hits(k):
        c = make_counter_class()()
        Point = type("Point", (), {"x": 1})
        return [c.hit() for _ in range(k)][-1] + Point.x - 1
  `, "assert evaluate('2 + 3 * 4') == 14\nassert hits(3) == 3"),
  program("many stdlib imports (heapq, bisect, re, string, statistics, math, itertools, operator, copy)", py`
    import bisect, copy, heapq, itertools, math, operator, re, statistics, string
    def summary(xs):
        s = sorted(xs)
        return {
            "smallest": heapq.nsmallest(2, xs),
            "pos": bisect.bisect_left(s, 5),
            "words": re.findall(r"[a-z]+", "ab cd1ef"),
            "letters": string.ascii_lowercase[:3],
            "median": statistics.median(xs),
            "gcd": math.gcd(*xs),
            "prod": list(itertools.accumulate(xs, operator.mul))[-1],
            "copy": copy.deepcopy([xs]) == [xs],
        }
  `, "assert summary([4, 8, 6]) == {'smallest': [4, 6], 'pos': 1, 'words': ['ab', 'cd', 'ef'], 'letters': 'abc', 'median': 6, 'gcd': 2, 'prod': 192, 'copy': True}"),
  program("a HumanEval-style check harness the tests call, with a helper and a nested function", py`
    def is_palindrome(s: str) -> bool:
        def clean(t):
            return [c.lower() for c in t if c.isalnum()]
        c = clean(s)
        return c == c[::-1]
  `, "def check(candidate):\n    assert candidate('A man, a plan, a canal: Panama')\n    assert not candidate('abc')\n    assert candidate('') is True\ncheck(is_palindrome)\n", { testKind: "check" }),
  program("a check harness the runner calls (entry point given), program with a class-based solution", py`
    class Solution:
        def two_sum(self, nums, target):
            seen = {}
            for i, n in enumerate(nums):
                if target - n in seen:
                    return [seen[target - n], i]
                seen[n] = i
            return []
    def two_sum(nums, target):
        return Solution().two_sum(nums, target)
  `, "def check(candidate):\n    assert candidate([2, 7, 11, 15], 9) == [0, 1]\n    assert candidate([1, 2], 7) == []\n", { testKind: "check", entryPoint: "two_sum" }),
  program("tests that use math.isclose, abs, sorted and random inputs on a right program", py`
    def mean(xs):
        return sum(xs) / len(xs)
  `, "import math, random\nxs = [random.random() for _ in range(10)]\nassert math.isclose(mean(xs), sum(xs) / 10)\nassert abs(mean([1, 2]) - 1.5) < 1e-12\nassert sorted([mean([3]), mean([1])]) == [1, 3]"),
  program("its own global names: module-level state the function updates, read by the tests as one python3 script would, and a closure", py`
    CACHE = {}
    COUNT = 0
    def memo_square(n):
        global COUNT
        if n not in CACHE:
            COUNT += 1
            CACHE[n] = n * n
        return CACHE[n]
    def make_adder(k):
        def adder(x):
            return x + k
        return adder
  `, "assert memo_square(4) == 16\nassert memo_square(4) == 16\nassert COUNT == 1\nassert make_adder(3)(4) == 7"),
  program("string methods, str.maketrans/translate and f-strings", py`
    def caesar(s, k):
        a = "abcdefghijklmnopqrstuvwxyz"
        table = str.maketrans(a, a[k:] + a[:k])
        return s.translate(table)
    def label(n):
        return f"{n:05d}|{n:x}|{n!r}"
  `, "assert caesar('abc', 1) == 'bcd'\nassert label(255) == '00255|ff|255'"),
  program("an MBPP-style program with test setup code that builds objects from the program's class", py`
    class Node:
        def __init__(self, data):
            self.data = data
            self.left = None
            self.right = None
    def height(node):
        return 0 if node is None else 1 + max(height(node.left), height(node.right))
  `, "root = Node(1)\nroot.left = Node(2)\nroot.left.left = Node(3)\nassert height(root) == 3\nassert height(None) == 0"),
];
