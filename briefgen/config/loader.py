"""Load a config file: YAML with line numbers, pydantic validation, errors as file:line: key."""

from __future__ import annotations

import difflib
import logging
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import (
    BaseModel,
    ValidationError,
)

from .. import yamlsafe
from ..errors import ConfigError
from ..paths import display_path
from .base import CONFIG_CANDIDATES, SAMPLES_DIR
from .schema import BriefConfig

log = logging.getLogger(__name__)

# With no config file and no inputs, briefgen builds its bundled sample: fictional articles, so
# the build says so (pipeline.corpus_for warns; --strict fails on it).
SAMPLE_CONFIG = SAMPLES_DIR.parent / "briefgen.yaml"  # not a file: where the sample is named from
SAMPLE_TITLE = "Daily Brief (sample)"
SAMPLE_WARNING = (
    "no config file and no --input: building the bundled sample of fictional articles "
    "(give -c CONFIG or --input DIR for a real brief)"
)


def is_sample(config: BriefConfig) -> bool:
    """Is ``config`` the bundled sample's (builtin_config without inputs)?"""
    return config.source_path is not None and Path(config.source_path) == SAMPLE_CONFIG


def config_origin(config: BriefConfig) -> str:
    """The config in use, for -v and the build's summary line."""
    if is_sample(config):
        return "the bundled sample"
    if config.source_path is None:
        return "none, built-in defaults"
    return display_path(config.source_path)


def _compose(text: str, where: str) -> tuple[Any, yaml.Node | None]:
    """The config's data and node tree (for line numbers), within yamlsafe's limits."""
    try:
        data, node = yamlsafe.compose(text, trusted=True, max_chars=yamlsafe.MAX_CONFIG_CHARS)
    except yamlsafe.YamlError as e:
        line = f":{e.line}" if e.line else ""
        kind = "invalid YAML: " if e.syntax else ""
        raise ConfigError(f"{where}{line}: {kind}{e.problem}") from None
    _check_keys(node, (), where, set())
    return data, node


def _check_keys(node: yaml.Node | None, loc: tuple, where: str, seen: set[int]) -> None:
    """Every key of a config is a name: a number, ``null`` (a bare ``?``) or a list as a key is
    refused at its line, before it can reach the schema as a non-text key."""
    if node is None or id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            _check_keys(child, (*loc, i), where, seen)
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.tag == _MERGE:
                continue
            if not isinstance(k, yaml.ScalarNode) or k.tag != _STR:
                if isinstance(k, yaml.ScalarNode):
                    what = _KEY_KINDS.get(k.tag, "not a name")
                    key = yamlsafe.clip(k.value, yamlsafe.ECHO_CHARS) or "?"
                else:
                    what, key = "a list or mapping, not a name", "?"
                here = f"{_loc_str(loc)}: " if loc else ""
                raise ConfigError(
                    f"{where}:{k.start_mark.line + 1}: {here}key {key} is {what}; "
                    "config keys are names (quote a key that is meant as text)"
                )
            _check_keys(v, (*loc, k.value), where, seen)


_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_KEY_KINDS = {
    "tag:yaml.org,2002:null": "empty (null)",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true/false",
    "tag:yaml.org,2002:timestamp": "a date",
}
# yamlsafe's cap is in characters; UTF-8 spends at most four bytes on one
_MAX_CONFIG_BYTES = 4 * yamlsafe.MAX_CONFIG_CHARS
# A key whose value is a secret, or names where one is: its value is never echoed, whatever
# its type (a password pasted into password_env, a token given as a number).
_SECRET_KEY = re.compile(r"pass|secret|token|api_?key|credential|private_?key", re.I)


def _node_line(node: yaml.Node | None, loc: tuple) -> int | None:
    """The 1-based line of the deepest node along ``loc`` (keys and list indexes)."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == part:
                    line, node = k.start_mark.line + 1, v
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return line
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _loc_str(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + yamlsafe.clip(str(part), yamlsafe.ECHO_CHARS)
    return out or "(top level)"


def _model_at(loc: tuple) -> type[BaseModel] | None:
    """The pydantic model that owns the last key of ``loc``, to suggest close field names."""
    model: Any = BriefConfig
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if hasattr(model, "model_fields") else None
        if field is None:
            return None
        ann = field.annotation
        args = getattr(ann, "__args__", ()) or (ann,)
        nxt = None
        for a in args:
            for b in getattr(a, "__args__", ()) or (a,):
                if isinstance(b, type) and issubclass(b, BaseModel):
                    nxt = b
        if nxt is None:
            return None
        model = nxt
    return model


def _explain(err: Mapping[str, Any]) -> tuple[tuple, str]:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.endswith("Config")))
    kind = err["type"]
    if kind == "extra_forbidden":
        key = loc[-1]
        model = _model_at(loc)
        known = sorted(model.model_fields) if model else []
        known = [k for k in known if k != "source_path"]
        close = difflib.get_close_matches(str(key)[:100], known, n=1)
        hint = (
            f"; did you mean '{close[0]}'?"
            if close
            else (f"; known: {', '.join(known)}" if known else "")
        )
        return loc, f"unknown key {yamlsafe.shown(str(key))}{hint}"
    if kind == "missing":
        return loc, "required key is missing"
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if _is_secret(loc):
        return loc, f"{_redacted(msg)} (the value is not shown: it may be a secret)"
    got = err.get("input")
    if kind.startswith("literal_error") or kind.endswith("_type") or kind.endswith("_parsing"):
        msg = f"{msg} (got {yamlsafe.shown(got)})"
    return loc, yamlsafe.clip(msg)


def _is_secret(loc: tuple) -> bool:
    return any(isinstance(p, str) and _SECRET_KEY.search(p) for p in loc)


def _redacted(msg: str) -> str:
    """A validator's message without anything quoted from the value (pydantic's own never
    quotes it; ours might, in a later edit)."""
    return yamlsafe.clip(re.sub(r"'[^']*'|\"[^\"]*\"", "…", msg))


def parse_config(
    text: str, where: str = "<config>", source_path: Path | None = None, **overrides: Any
) -> BriefConfig:
    """Validate YAML text into a BriefConfig; every error names where:line: key."""
    data, node = _compose(text, where)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(
            f"{where}:1: the config must be a mapping of keys, not {type(data).__name__}"
        )
    data.update({k: v for k, v in overrides.items() if v is not None})
    if source_path is not None:
        data["source_path"] = str(source_path)
    try:
        cfg = BriefConfig(**data)
    except ValidationError as e:
        loc, msg = _explain(e.errors()[0])
        line = _node_line(node, loc)
        extra = len(e.errors()) - 1
        more = f" (and {extra} more error{'s' * (extra > 1)})" if extra else ""
        raise ConfigError(
            f"{where}{f':{line}' if line else ''}: {_loc_str(loc)}: {msg}{more}"
        ) from None
    _check_references(cfg, node, where)
    return cfg


def _check_references(cfg: BriefConfig, node: yaml.Node | None, where: str) -> None:
    themes = cfg.all_themes
    for i, sec in enumerate(cfg.sections or []):
        if sec.theme not in themes:
            loc = ("sections", i, "theme")
            close = difflib.get_close_matches(sec.theme[:100], list(themes), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            line = _node_line(node, loc)
            raise ConfigError(
                f"{where}{f':{line}' if line else ''}: {_loc_str(loc)}: unknown theme "
                f"{yamlsafe.shown(sec.theme)}; {hint}known: {', '.join(themes)}"
            )


def find_config(start: Path | None = None) -> Path | None:
    """The config used when -c is not given: briefgen.yaml or config/daily.yaml in the cwd."""
    base = start or Path.cwd()
    for name in CONFIG_CANDIDATES:
        if (base / name).is_file():
            return base / name
    return None


def load_config(path: str | Path | None = None, **overrides: Any) -> BriefConfig:
    """Load ``path`` (or the config found in the cwd, or the built-in sample config).

    ``overrides`` are top-level keys from command-line flags; ``None`` means "not given".
    Relative paths in ``inputs`` and ``out`` overrides are relative to the current folder, as
    a user typing them means; paths written in the file are relative to the file.
    """
    if path is None:
        path = find_config()
        if path is None:
            config = builtin_config(**overrides)
            log.info("config: %s", config_origin(config))
            return config
        log.info("config: %s (found in the current folder)", display_path(path))
    else:
        log.info("config: %s", display_path(path))
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"{p}: config file not found")
    try:
        size = p.stat().st_size
        if size > _MAX_CONFIG_BYTES:  # refused before reading: a config is never that large
            raise ConfigError(f"{p}: {size} bytes is more than a config may be")
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{p}: cannot read config: {yamlsafe.clip(str(e))}") from None
    base = p.resolve().parent
    return parse_config(text, where=str(p), source_path=p.resolve(), **_from_cwd(overrides, base))


def _from_cwd(overrides: dict[str, Any], base: Path) -> dict[str, Any]:
    """Command-line paths re-expressed relative to the config's folder (URLs untouched)."""

    def rebase(value: str) -> str:
        if "://" in value or Path(value).expanduser().is_absolute():
            return value
        return os.path.relpath(Path.cwd() / value, base)

    out = dict(overrides)
    if out.get("inputs"):
        out["inputs"] = [rebase(str(v)) for v in out["inputs"]]
    if out.get("out"):
        out["out"] = rebase(str(out["out"]))
    return out


def builtin_config(**overrides: Any) -> BriefConfig:
    """The config used where there is none: default themes and a neutral title; the packaged
    sample articles (and the sample's title) only when no ``inputs`` are given either. Paths in
    ``overrides`` are relative to the current folder."""
    given = {k: v for k, v in overrides.items() if v is not None}
    data: dict[str, Any] = {}
    if "inputs" not in given:
        # The sample is named from its own folder, so its brief (paths, build id) is the same
        # bytes wherever briefgen is installed; output and overrides stay where the user is.
        here = Path.cwd()
        data["title"] = SAMPLE_TITLE
        data["source_path"] = str(SAMPLE_CONFIG)
        data["inputs"] = [SAMPLES_DIR.name]
        given["out"] = str((here / given.get("out", "out")).resolve())
        if "templates_dir" not in given and (here / "templates").is_dir():
            given["templates_dir"] = str(here / "templates")
    data.update(given)
    try:
        return BriefConfig(**data)
    except ValidationError as e:
        loc, msg = _explain(e.errors()[0])
        raise ConfigError(f"{_loc_str(loc)}: {msg}") from None
