"""The one YAML loader briefgen uses, and the bounded echo of any value an error shows.

Every YAML briefgen reads (configs, front matter, ``sources.yaml``, its own data files) goes
through ``load``: PyYAML's SafeLoader (no arbitrary objects), plus limits PyYAML lacks. A YAML
alias (``*name``) repeats a node without copying it, so ten lines of nested aliases stand for a
billion nodes (the "billion laughs"); nothing goes wrong until something walks, validates or
prints the value. So:

- an untrusted file (``trusted=False``: an article's front matter, a sidecar) may not use
  aliases at all: no article needs them;
- a trusted one (the operator's config) may, while the document, aliases expanded, stays under
  ``MAX_EXPANDED_NODES``;
- nesting is capped (``MAX_DEPTH``) before Python's recursion limit is, and the text's size by
  the caller's ``max_chars`` (constants below);
- a value its tag rejects (``2026-02-30``, a 5,000-digit number) is refused with its line.

Every failure is a ``YamlError`` with a 1-based line (or None) and a bounded ``problem``;
callers re-raise it as their own ConfigError or InputError naming the file.
"""

from __future__ import annotations

import re
import reprlib
from typing import Any, TypeVar, cast

import yaml

from .errors import BriefgenError

# A config is hand-written; the largest real one (many themes, dozens of recipients) is tens of
# KB. 1 MiB is far beyond that and still parsed in well under a second.
MAX_CONFIG_CHARS = 1024 * 1024
# Front matter is a handful of metadata keys; 64 KiB of it is not an article's.
MAX_FRONT_MATTER_CHARS = 64 * 1024
# sources.yaml names each file of a folder with four or five keys: 4 MiB covers ~20,000 files.
MAX_SIDECAR_CHARS = 4 * 1024 * 1024
# Nodes a trusted document may stand for with its aliases expanded: a config that reuses a
# keyword list across themes is hundreds; a billion-laughs bomb is billions.
MAX_EXPANDED_NODES = 100_000
# Nesting depth: no config or front matter nests past ten; PyYAML's recursive composer and
# constructor would hit Python's recursion limit (1,000 frames, several per level) near 200.
MAX_DEPTH = 100
# The most characters of one input value an error or warning echoes.
ECHO_CHARS = 80

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"


class YamlError(BriefgenError):
    """YAML that is malformed (``syntax``) or over a limit; ``line`` is 1-based, or None."""

    def __init__(self, problem: str, line: int | None = None, *, syntax: bool = False) -> None:
        self.problem = clip(problem)
        self.line = line
        self.syntax = syntax
        where = f"line {line}: " if line else ""
        super().__init__(f"{where}{'invalid YAML: ' if syntax else ''}{self.problem}")


# --------------------------------------------------------------------------- bounded echo

_REPR = reprlib.Repr()
_REPR.maxlevel = 2
_REPR.maxlist = _REPR.maxtuple = _REPR.maxset = _REPR.maxdict = 4
_REPR.maxstring = ECHO_CHARS
_REPR.maxlong = 40
_REPR.maxother = ECHO_CHARS


def clip(text: str, limit: int = 4 * ECHO_CHARS) -> str:
    """``text`` on one line and at most ``limit`` characters (an ellipsis marks a cut)."""
    one = " ".join(text[: limit * 2].split())
    return one if len(one) <= limit and len(text) <= limit * 2 else one[: limit - 1] + "…"


def shown(value: object, limit: int = ECHO_CHARS) -> str:
    """``value`` as an error may echo it: a repr of at most ``limit`` characters.

    Bounded in time too: a huge or deeply shared structure (an expanded alias) is never walked
    past a few elements, a long text never copied whole.
    """
    if isinstance(value, str):
        text = repr(value[: limit + 1])
    elif isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        text = f"<a number of about {int(value.bit_length() * 0.30103)} digits>"
    else:
        try:
            text = _REPR.repr(value)
        except Exception:  # noqa: BLE001 - a value whose repr fails is still reported
            text = f"<{type(value).__name__}>"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- the loader


class _Constructing:
    """Construction errors as YamlError with their line (shared by both parsers' loaders)."""

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)  # type: ignore[misc]
        except (ValueError, OverflowError) as e:  # its tag rejects it: 2026-02-30, 10**5000
            raise YamlError(
                f"{_not_valid(node)}: {clip(str(e), ECHO_CHARS)}", _line(node)
            ) from None
        except (AttributeError, IndexError, KeyError, TypeError):
            # PyYAML's constructors assume a value fits its explicit tag: ``!!timestamp x``,
            # ``!!bool maybe`` or ``!!int ''`` fail inside them with these
            raise YamlError(f"{_not_valid(node)} for its tag {node.tag}", _line(node)) from None


class _Limited(_Constructing, yaml.SafeLoader):
    """SafeLoader with an alias policy and a depth cap, enforced while composing."""

    allow_aliases = True

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._depth = 0
        self.first_alias: int | None = None  # its line, to point at in an alias-bomb error

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            line = self.peek_event().start_mark.line + 1
            if not self.allow_aliases:
                raise YamlError("YAML aliases (*name) are not allowed in this file", line)
            self.first_alias = self.first_alias or line
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise YamlError(
                f"nested more than {MAX_DEPTH} levels deep", self.peek_event().start_mark.line + 1
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def compose_scalar_node(self, anchor: Any) -> Any:
        # an empty scalar with the non-specific tag ("title: !") is a string, as the spec says
        # "!" makes a scalar; PyYAML's Python parser would read null
        event = self.peek_event()
        node = super().compose_scalar_node(anchor)
        if event.tag == "!" and event.value == "":
            node.tag = _STR
        return node


def _not_valid(node: yaml.Node) -> str:
    return "not a valid date" if node.tag == _TIMESTAMP else "not a valid value"


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


class _Untrusted(_Limited):
    allow_aliases = False


L = TypeVar("L", bound=type)


def _dates_as_text(cls: L) -> L:
    """A loader that reads timestamps as text: dates.parse_date reads them, leniently."""
    sub: Any = type(f"{cls.__name__}Text", (cls,), {})
    sub.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
        for first, resolvers in sub.yaml_implicit_resolvers.items()
    }
    # an explicit ``!!timestamp 2026-02-30`` is text too: a bad date never fails the file
    sub.add_constructor(_TIMESTAMP, _timestamp_text)
    return sub


def _timestamp_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise yaml.constructor.ConstructorError(
            None, None, "a date must be a scalar", node.start_mark
        )
    return str(loader.construct_scalar(node))


_LOADERS: dict[tuple[bool, bool], type[_Limited]] = {
    (True, False): _Limited,
    (False, False): _Untrusted,
    (True, True): _dates_as_text(_Limited),
    (False, True): _dates_as_text(_Untrusted),
}

# libyaml, where PyYAML was built with it (its wheels are): the same documents, parsed in C.
_C_LOADERS: dict[bool, type] = (
    {
        False: type("_Fast", (_Constructing, yaml.CSafeLoader), {}),
        True: _dates_as_text(type("_Fast", (_Constructing, yaml.CSafeLoader), {})),
    }
    if yaml.__with_libyaml__
    else {}
)
# Characters the two parsers read differently (a tab before a value, a byte-order mark or a
# carriage return mid-text, Unicode line breaks): such a text takes the Python parser.
_UNUSUAL = re.compile("[\t\r\ufeff\x85\u2028\u2029]")
_OPEN = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _through_libyaml(text: str, trusted: bool, dates_as_text: bool) -> Any:
    """``compose``'s answer through libyaml, or None to take PyYAML's Python parser.

    Parsing YAML in Python was most of reading an article with front matter (0.9 ms of 1.4),
    so a document plainly within every limit is parsed in C: no character the Python reader
    refuses, no alias where aliases are refused, nesting well under ``MAX_DEPTH`` (checked on
    the event stream first, which libyaml makes without recursing), aliases expanded under
    ``MAX_EXPANDED_NODES``. Anything else, an error included, returns None: the Python parser
    then gives the same data, or the error with its exact wording and line.
    """
    if not _C_LOADERS or _UNUSUAL.search(text) or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return None
    try:
        depth = 0
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, _OPEN):
                depth += 1
                if depth >= MAX_DEPTH - 1:
                    return None
            elif isinstance(event, _CLOSE):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent) and not trusted:
                return None
            elif getattr(event, "tag", None) == "!":
                return None  # libyaml reads '! ""' as null: the non-specific tag takes Python
        loader = _C_LOADERS[dates_as_text](text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, None
            if trusted and _expanded_size(node) > MAX_EXPANDED_NODES:
                return None
            return loader.construct_document(node), node
        finally:
            loader.dispose()
    except (yaml.YAMLError, YamlError, RecursionError):
        return None


def _expanded_size(root: yaml.Node) -> int:
    """How many nodes ``root`` stands for with every alias expanded (shared nodes counted at
    each use), computed once per distinct node; a node that contains itself is refused."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_: set[int] = set()
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        children: list[yaml.Node]
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        else:
            children = []
        if done:
            open_.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(c)] for c in children)
            continue
        if id(node) in open_:
            raise YamlError(
                "a YAML alias refers to a node that contains it", node.start_mark.line + 1
            )
        open_.add(id(node))
        stack.append((node, True))
        for c in children:
            if id(c) in open_:
                raise YamlError(
                    "a YAML alias refers to a node that contains it", c.start_mark.line + 1
                )
            if id(c) not in sizes:
                stack.append((c, False))
    return sizes[id(root)]


def _error(e: yaml.YAMLError, text: str) -> YamlError:
    mark = getattr(e, "context_mark", None) or getattr(e, "problem_mark", None)
    if mark is not None:
        line: int | None = mark.line + 1
    elif isinstance(e, yaml.reader.ReaderError):
        line = text.count("\n", 0, e.position) + 1
    else:
        line = None
    if isinstance(e, yaml.reader.ReaderError):
        problem = f"character U+{e.character:04X} is not allowed in YAML"
    else:
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
    return YamlError(problem, line, syntax=True)


def compose(
    text: str, *, trusted: bool, max_chars: int, dates_as_text: bool = False
) -> tuple[Any, yaml.Node | None]:
    """``(data, node tree)`` of one YAML document within the limits; ``YamlError`` otherwise.

    The node tree keeps each value's line (``node.start_mark``) for error messages.
    """
    if len(text) > max_chars:
        raise YamlError(f"{len(text)} characters is more than the {max_chars} allowed")
    fast = _through_libyaml(text, trusted, dates_as_text)
    if fast is not None:
        return cast("tuple[Any, yaml.Node | None]", fast)
    try:
        loader = _LOADERS[(trusted, dates_as_text)](text)  # the reader checks characters here
    except yaml.YAMLError as e:
        raise _error(e, text) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        if trusted and _expanded_size(node) > MAX_EXPANDED_NODES:
            raise YamlError(
                f"YAML aliases expand this document past {MAX_EXPANDED_NODES} values "
                "(an alias bomb?)",
                loader.first_alias,
            )
        return loader.construct_document(node), node
    except yaml.YAMLError as e:
        raise _error(e, text) from None
    except RecursionError:  # pragma: no cover - MAX_DEPTH binds first
        raise YamlError(f"nested more than {MAX_DEPTH} levels deep") from None
    finally:
        loader.dispose()


def load(text: str, *, trusted: bool, max_chars: int, dates_as_text: bool = False) -> Any:
    """The value of one YAML document within the limits (see ``compose``)."""
    return compose(text, trusted=trusted, max_chars=max_chars, dates_as_text=dates_as_text)[0]
