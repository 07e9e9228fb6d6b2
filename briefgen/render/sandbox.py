"""The template sandbox: Jinja's immutable sandbox plus limits on size and time.

Templates and subjects may come from someone other than the operator, so they run in
:class:`jinja2.sandbox.ImmutableSandboxedEnvironment` (no ``__globals__``, no ``os``, no mutation
of lists and dicts) and every render is bounded:

- **size**: no value a template computes (by ``*``, ``+``, ``%``, ``**``, ``~``, a filter, a
  method call) may exceed ``Limits.value`` characters; the check is made *before* the operation
  from the sizes of its operands, so ``'a'*10**15`` fails at once instead of exhausting memory.
  Everything computed in one render, and everything a macro or ``{% set %}`` block buffers,
  counts against ``Limits.computed``; the rendered text may not exceed ``Limits.output``.
- **range**: ``range()`` makes at most :data:`MAX_RANGE` numbers, so ``range(n)|list`` is bounded.
- **time**: see :class:`Limits`.

A limit exceeded raises :class:`TemplateLimitError` (a Jinja ``SecurityError``), which the render
stage reports as one line naming the template file and line.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import string
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from contextvars import ContextVar
from datetime import date, datetime
from typing import Any, cast

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import Template
from jinja2.filters import make_attrgetter
from jinja2.runtime import Context, EvalContext, markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import Namespace

MAX_RANGE = 100_000  # Jinja's own sandbox bound: no brief counts further than this
MAX_INT_BITS = 4_096  # about 1,200 digits: no number in a brief is longer; ``10**10**9`` is refused
MAX_FORMAT_WIDTH = (
    10_000  # a width or precision in ``%10000s``/``{:>10000}`` pads a column, never more
)
MAX_LIPSUM_WORDS = 100_000  # lipsum(n, max=...) filler text, at most this many words
LOOP_CHECK_EVERY = 1_000  # loop iterations between two looks at the clock (a look costs ~50 ns)
CHARGES_PER_TICK = 64  # buffered writes between two looks at the clock: each is a small step
STRFTIME_GROWTH = 32  # the most characters one strftime format character turns into ('%c')


@dataclasses.dataclass(frozen=True)
class Limits:
    """What one render may do.

    ``seconds`` bounds the wall-clock time of a render. The clock is read at every guarded
    operation (operator, call, filter, ``~``), every output chunk, every macro or block buffer
    write and every :data:`LOOP_CHECK_EVERY` loop iterations, so a template that loops for ever
    (``{% for i in range(100000) %}{% for j in range(100000) %}…``) stops within one such step
    of its deadline; no single step can run long, because the size caps bound its operands.
    """

    output: int  # characters of rendered text
    value: int  # characters (or items) in any one computed value
    computed: int  # characters and items computed over the whole render
    seconds: float  # wall-clock time of the whole render


# A real brief is a few hundred KB of HTML; 20 million characters is 40x the largest seen and
# still fits comfortably in memory several times over. Two minutes is far beyond a real render.
BRIEF_LIMITS = Limits(output=20_000_000, value=20_000_000, computed=200_000_000, seconds=120.0)
# A subject is one header line: mail programs show ~80 characters and RFC 5322 lines stop at 998.
SUBJECT_LIMITS = Limits(output=2_000, value=100_000, computed=1_000_000, seconds=5.0)


class TemplateLimitError(SecurityError):
    """A template tried to exceed a size or time limit of :class:`Limits`."""


class _Budget:
    """The running totals of one render."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.deadline = time.monotonic() + limits.seconds
        self.computed = 0
        self.charges = 0
        self.sizes: dict[int, int] = {}  # id -> estimated size of frozen model objects

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateLimitError(
                f"rendering took longer than {self.limits.seconds:g} s (the template time limit)"
            )

    def check(self, size: int, what: str) -> None:
        if size > self.limits.value:
            raise TemplateLimitError(
                f"{what} would make {size:,} characters; a template value may have at most "
                f"{self.limits.value:,}"
            )

    def charge(self, size: int) -> None:
        self.computed += size
        if self.computed > self.limits.computed:
            raise TemplateLimitError(
                f"the template computed more than {self.limits.computed:,} characters in all"
            )
        self.charges += 1
        if self.charges % CHARGES_PER_TICK == 0:
            self.tick()


_BUDGET: ContextVar[_Budget | None] = ContextVar("briefgen_template_budget", default=None)


# --------------------------------------------------------------------------- sizes

_SMALL = 64  # what a function, an Undefined or a loop prints as, at most


def estimate(value: Any, cap: int, memo: dict[int, int] | None = None) -> int:
    """An upper estimate of ``len(str(value))``, computed without making that string; stops
    counting soon after ``cap`` (a list holding one huge string a million times is refused
    without walking it)."""
    if isinstance(value, (str, bytes)):
        return len(value) * (1 if isinstance(value, str) else 4)
    if isinstance(value, bool) or value is None:
        return 5
    if isinstance(value, int):
        return value.bit_length() // 3 + 2
    if isinstance(value, (float, date, datetime)):
        return 32
    if isinstance(value, Namespace):
        value = value._Namespace__attrs
    if isinstance(value, dict):
        items: Iterable[Any] = (x for kv in value.items() for x in kv)
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        if memo is not None and id(value) in memo:
            return memo[id(value)]
        items = [getattr(value, f.name) for f in dataclasses.fields(value)]
    else:
        return _SMALL
    total = 2
    for item in items:
        total += estimate(item, cap - total, memo) + 4
        if total > cap:
            return total
    if memo is not None and dataclasses.is_dataclass(value):
        memo[id(value)] = total
    return total


def _length(value: Any) -> int:
    """What a computed value costs: characters of a string, items of a container."""
    if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)):
        return len(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value.bit_length() // 8
    return 0


# --------------------------------------------------------------------------- format strings

_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")


def _format_size(fmt: str, args: Iterable[Any], brace: bool, budget: _Budget) -> int:
    """An upper bound of the length of ``fmt`` formatted with ``args`` (% or str.format style)."""
    args = list(args)
    star = max((abs(a) for a in args if isinstance(a, int) and not isinstance(a, bool)), default=0)
    widths: list[int] = []
    if brace:
        try:
            parsed = list(string.Formatter().parse(fmt))
        except ValueError:
            parsed = []  # malformed: str.format raises its own error
        specs = [spec or "" for _, field, spec, _ in parsed if field is not None]
        for spec in specs:
            widths += [int(d) for d in re.findall(r"\d+", spec)]
            if "{" in spec:
                widths.append(star)
        fields = len(specs)
    else:
        conversions = _PRINTF.findall(fmt)
        for width, precision in conversions:
            widths += [star if w == "*" else int(w) for w in (width, precision) if w]
        fields = len(conversions)
    widest = max(widths, default=0)
    if widest > MAX_FORMAT_WIDTH:
        raise TemplateLimitError(
            f"a format width of {widest:,}; a template may pad to at most {MAX_FORMAT_WIDTH:,}"
        )
    longest = max((estimate(a, budget.limits.value, budget.sizes) for a in args), default=0)
    return len(fmt) + fields * (widest + longest)


def _format_args(right: Any) -> list[Any]:
    if isinstance(right, tuple):
        return list(right)
    if isinstance(right, dict):
        return list(right.values())
    return [right]


# --------------------------------------------------------------------------- the environment


class _Codegen(CodeGenerator):
    """Jinja's code generator with three hooks into :class:`SandboxEnvironment`: every loop
    iterates through ``loop_guard``, every ``~`` joins through ``concat_guard``, and every
    macro or block buffer is a ``GuardedBuffer``."""

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.guarded_buffer()")

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        if not node.recursive and not getattr(node, "guarded", False):
            guard = nodes.EnvironmentAttribute("loop_guard", lineno=node.iter.lineno)
            node.iter = nodes.Call(guard, [node.iter], [], None, None, lineno=node.iter.lineno)
            node.guarded = True  # type: ignore[attr-defined]
        super().visit_For(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.concat_guard(context.eval_ctx, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class GuardedBuffer(list[Any]):
    """A macro's or block's output buffer: what it holds counts against the render's budget."""

    def __init__(self, budget: _Budget) -> None:
        super().__init__()
        self._budget = budget

    def append(self, item: Any) -> None:
        self._budget.charge(len(item) if isinstance(item, str) else _SMALL)
        super().append(item)

    def extend(self, items: Iterable[Any]) -> None:
        for item in items:
            self.append(item)


class BoundedTemplate(Template):
    """A template whose ``render`` streams its output and stops at the environment's limits."""

    environment: SandboxEnvironment

    def render(self, *args: Any, **kwargs: Any) -> str:
        limits = self.environment.limits
        budget = _Budget(limits)
        token = _BUDGET.set(budget)
        parts: list[str] = []
        size = 0
        stream = cast(Generator[str, None, None], self.generate(*args, **kwargs))
        try:
            for chunk in stream:
                size += len(chunk)
                if size > limits.output:
                    raise TemplateLimitError(
                        f"the output would be more than {limits.output:,} characters "
                        "(the template output limit)"
                    )
                budget.tick()
                parts.append(chunk)
        finally:
            stream.close()
            _BUDGET.reset(token)
        return "".join(parts)


def _lipsum_guard(lipsum: Callable[..., Any]) -> Callable[..., Any]:
    def guarded(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> Any:  # noqa: A002
        if n * max > MAX_LIPSUM_WORDS:
            raise TemplateLimitError(f"lipsum of {n} x {max} words; at most {MAX_LIPSUM_WORDS:,}")
        return lipsum(n=n, html=html, min=min, max=max)

    return guarded


# filters whose result may be much longer than their input, and how long it may be at most
def _lines(s: str) -> int:
    return s.count("\n") + 1


def _arg(args: tuple[Any, ...], kwargs: dict[str, Any], i: int, name: str, default: Any) -> Any:
    return args[i] if len(args) > i else kwargs.get(name, default)


def _replace_size(s: Any, old: Any, new: Any, count: Any) -> int:
    n, o, w = len(s), len(old), len(new)
    hits = n + 1 if o == 0 else n // o
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    return n + hits * max(w - o, 0)


_FILTER_SIZES: dict[str, Callable[..., int]] = {
    "center": lambda s, a, k: max(len(str(s)), int(_arg(a, k, 0, "width", 80))),
    "indent": lambda s, a, k: len(str(s)) + _lines(str(s)) * _width(_arg(a, k, 0, "width", 4)),
    "replace": lambda s, a, k: _replace_size(
        str(s),
        str(_arg(a, k, 0, "old", "")),
        str(_arg(a, k, 1, "new", "")),
        _arg(a, k, 2, "count", None),
    ),
    "wordwrap": lambda s, a, k: (
        len(str(s)) + (len(str(s)) + 1) * len(str(_arg(a, k, 3, "wrapstring", None) or "\n"))
    ),
    "wrap": lambda s, a, k: (
        len(str(s))
        + (len(str(s)) // 2 + 1) * len(str(_arg(a, k, 1, "indent", "")))
        + len(str(_arg(a, k, 2, "first", "") or ""))
    ),
    "batch": lambda s, a, k: _count(_arg(a, k, 0, "linecount", 0)),
    "slice": lambda s, a, k: _count(_arg(a, k, 0, "slices", 0)),
}
# filters that turn their input into text: it is measured before it is stringified
_STRINGIFY = frozenset(
    "string pprint tojson urlencode escape e forceescape safe trim title upper lower capitalize "
    "striptags truncate wordcount urlize xmlattr md oneline center indent replace wordwrap wrap "
    "format join".split()
)


def _width(w: Any) -> int:
    return len(w) if isinstance(w, str) else int(w)


def _count(n: Any) -> int:
    if isinstance(n, int) and n > MAX_RANGE:
        raise TemplateLimitError(f"a count of {n:,}; a template may use at most {MAX_RANGE:,}")
    return 0


class SandboxEnvironment(ImmutableSandboxedEnvironment):
    """The one environment of the render stage: sandboxed, and bounded by ``limits``."""

    code_generator_class = _Codegen
    template_class = BoundedTemplate
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args: Any, limits: Limits = BRIEF_LIMITS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs, finalize=self._finalize_guard)
        self.limits = limits
        self._safe_attributes: dict[tuple[type, str], bool] = {}
        self.globals["range"] = self.range_guard
        self.globals["lipsum"] = _lipsum_guard(cast(Callable[..., Any], self.globals["lipsum"]))

    def guard_filters(self) -> None:
        """Wrap every filter registered so far (call after adding the project's own)."""
        for name, func in list(self.filters.items()):
            if not getattr(func, "briefgen_guarded", False):
                self.filters[name] = self._filter_guard(name, func)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Jinja's answer, remembered: it depends only on the object's type and the name."""
        key = (type(obj), attr)
        safe = self._safe_attributes.get(key)
        if safe is None:
            safe = self._safe_attributes[key] = super().is_safe_attribute(obj, attr, value)
        return safe

    def with_limits(self, limits: Limits, **overlay: Any) -> SandboxEnvironment:
        """This environment (same loader, filters and globals) with other limits and options."""
        env = self.overlay(**overlay)
        assert isinstance(env, SandboxEnvironment)
        env.limits = limits
        return env

    # ------------------------------------------------------------------ budget

    def budget(self) -> _Budget:
        """The budget of the render under way (a fresh one for a call outside any render)."""
        return _BUDGET.get() or _Budget(self.limits)

    # ------------------------------------------------------------------ hooks

    def range_guard(self, *args: int) -> range:
        rng = range(*args)
        if len(rng) > MAX_RANGE:
            raise TemplateLimitError(
                f"range of {len(rng):,} numbers; a template may use at most {MAX_RANGE:,}"
            )
        return rng

    def loop_guard(self, iterable: Any) -> Iterator[Any]:
        budget = self.budget()
        budget.tick()
        for i, item in enumerate(iterable):
            if i % LOOP_CHECK_EVERY == LOOP_CHECK_EVERY - 1:
                budget.tick()
            yield item

    def guarded_buffer(self) -> GuardedBuffer:
        return GuardedBuffer(self.budget())

    def concat_guard(self, eval_ctx: EvalContext, parts: tuple[Any, ...]) -> str:
        budget = self.budget()
        size = 0
        for part in parts:
            size += estimate(part, budget.limits.value - size, budget.sizes)
            budget.check(size, "'~'")
        budget.charge(size)
        return markup_join(parts) if eval_ctx.autoescape else str_join(parts)

    def _finalize_guard(self, value: Any) -> Any:
        if not isinstance(value, str):
            budget = self.budget()
            budget.check(estimate(value, budget.limits.value, budget.sizes), "printing a value")
        return value

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        budget = self.budget()
        budget.tick()
        seqs = (str, bytes, list, tuple)
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, seqs) and isinstance(n, int):
                    each = estimate(seq, budget.limits.value, budget.sizes) if seq else 0
                    budget.check(each * max(n, 0), "'*'")
            if isinstance(left, int) and isinstance(right, int):
                _check_bits(left.bit_length() + right.bit_length(), "'*'")
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
                _check_bits(right * abs(left).bit_length(), "'**'")
        elif operator == "+":
            if isinstance(left, seqs) and isinstance(right, seqs):
                cap = budget.limits.value
                size = estimate(left, cap, budget.sizes) + estimate(right, cap, budget.sizes)
                budget.check(size, "'+'")
        elif operator == "%" and isinstance(left, str):
            budget.check(_format_size(left, _format_args(right), False, budget), "'%'")
        result = super().call_binop(context, operator, left, right)
        budget.charge(_length(result))
        return result

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        budget = __self.budget()
        budget.tick()
        target = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format
        owner = getattr(target, "__self__", None)
        name = getattr(target, "__name__", "")
        if isinstance(owner, (str, bytes)):
            args = _check_text_method(owner, name, args, kwargs, budget)
        elif isinstance(owner, int) and name == "to_bytes":
            budget.check(int(_arg(args, kwargs, 0, "length", 1)), "int.to_bytes")
        elif isinstance(owner, (date, datetime)) and name == "strftime" and args:
            budget.check(len(str(args[0])) * STRFTIME_GROWTH, "strftime")
        result = super().call(__context, __obj, *args, **kwargs)
        budget.charge(_length(result))
        return result

    def _filter_guard(self, name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        special = 1 if hasattr(func, "jinja_pass_arg") else 0  # context, eval_ctx or environment
        sizer = _FILTER_SIZES.get(name)
        stringifies = name in _STRINGIFY

        @functools.wraps(func)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            budget = self.budget()
            budget.tick()
            value = args[special] if len(args) > special else ""
            rest = args[special + 1 :]
            if name == "join":
                attribute = _arg(rest, kwargs, 1, "attribute", None)
                value = list(value)
                if attribute is not None:  # measure (and join) the attribute, not the object
                    get = make_attrgetter(self, attribute)
                    value = [get(v) for v in value]
                    rest, kwargs = rest[:1], {k: v for k, v in kwargs.items() if k != "attribute"}
                joiner = _arg(rest, kwargs, 0, "d", "")
                size = sum(estimate(v, budget.limits.value, budget.sizes) for v in value)
                budget.check(size + len(str(joiner)) * len(value), "join")
                args = (*args[:special], value, *rest)
            elif name == "format":
                fmt = str(value)
                budget.check(_format_size(fmt, [*rest, *kwargs.values()], False, budget), name)
            elif stringifies:
                budget.check(estimate(value, budget.limits.value, budget.sizes), name)
            if sizer is not None:
                budget.check(sizer(value, rest, kwargs), name)
            result = func(*args, **kwargs)
            budget.charge(_length(result))
            return result

        guarded.briefgen_guarded = True  # type: ignore[attr-defined]
        return guarded


def _check_bits(bits: int, what: str) -> None:
    if bits > MAX_INT_BITS:
        raise TemplateLimitError(
            f"{what} would make a number of about {bits:,} bits; a template may use at most "
            f"{MAX_INT_BITS:,}"
        )


def _check_text_method(
    s: str | bytes, name: str, args: tuple[Any, ...], kwargs: dict[str, Any], budget: _Budget
) -> tuple[Any, ...]:
    """Refuse a str (or bytes) method call whose result would be too long; returns the
    arguments to call it with (``join``'s iterable, read once)."""
    n = len(s)
    if name in ("center", "ljust", "rjust", "zfill"):
        budget.check(max(n, int(_arg(args, kwargs, 0, "width", 0))), f"str.{name}")
    elif name == "expandtabs":
        tabs = s.count("\t" if isinstance(s, str) else b"\t")  # type: ignore[arg-type]
        budget.check(n + tabs * int(_arg(args, kwargs, 0, "tabsize", 8)), "str.expandtabs")
    elif name == "join" and args:
        items = list(args[0])
        size = sum(estimate(v, budget.limits.value, budget.sizes) for v in items)
        budget.check(size + n * len(items), "str.join")
        return (items, *args[1:])
    elif name == "replace" and len(args) >= 2:
        budget.check(_replace_size(s, args[0], args[1], _arg(args, kwargs, 2, "count", -1)), name)
    elif name in ("format", "format_map") and isinstance(s, str):
        values = [*args, *kwargs.values()]
        if name == "format_map" and args and isinstance(args[0], dict):
            values = list(args[0].values())
        budget.check(_format_size(s, values, True, budget), f"str.{name}")
    elif name in ("translate", "maketrans"):
        raise SecurityError(f"str.{name} is not available in templates")
    return args
