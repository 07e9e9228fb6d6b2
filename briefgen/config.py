"""The typed schema of a briefgen config file, its loader, and errors that name file:line: key.

A config is YAML validated by pydantic models with ``extra="forbid"``. Relative paths resolve
against the config file's folder. Command-line flags override keys only when given.
"""

from __future__ import annotations

import difflib
import ipaddress
import re
from datetime import date as Date
from email.headerregistry import Address, HeaderRegistry
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from jinja2 import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)

from .errors import ConfigError

DATA_DIR = Path(__file__).parent / "data"
SAMPLES_DIR = Path(__file__).parent / "samples" / "articles"
FORMATS = ("html", "pdf", "json", "md", "txt")
CONFIG_CANDIDATES = ("briefgen.yaml", "briefgen.yml", "config/daily.yaml")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ThemeConfig(Strict):
    """A theme is a query (title + description) plus weighted keywords and phrases."""

    name: str
    title: str = ""
    description: str = ""
    # word or multi-word phrase -> weight; a plain list means weight 1.0 each
    keywords: dict[str, float] = Field(default_factory=dict)
    exclude: list[str] = Field(default_factory=list)

    @field_validator("keywords", mode="before")
    @classmethod
    def _list_to_weights(cls, v: Any) -> Any:
        if isinstance(v, list):
            return {str(k): 1.0 for k in v}
        return v

    @field_validator("name")
    @classmethod
    def _slug(cls, v: str) -> str:
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", v):
            raise ValueError(f"theme name {v!r} must be lower-case letters, digits, '_' or '-'")
        return v

    @property
    def display_title(self) -> str:
        return self.title or self.name.replace("_", " ").title()


class SectionConfig(Strict):
    theme: str
    title: str = ""  # defaults to the theme's title
    max_items: int = Field(default=5, ge=1, le=100)
    max_words: int | None = Field(default=None, ge=1)
    order: int | None = None  # sections sort by (order, position in the file)


class KeyPointsConfig(Strict):
    count: int = Field(default=4, ge=0, le=10)  # 0 turns key points off
    title: str = "Key points"


class BoilerplateConfig(Strict):
    defaults: bool = True  # use briefgen's built-in boilerplate patterns
    patterns: list[str] = Field(default_factory=list)  # extra regexes, matched per line

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, v: list[str]) -> list[str]:
        for p in v:
            try:
                re.compile(p)
            except re.error as e:
                raise ValueError(f"bad regular expression {p!r}: {e}") from None
        return v


class PdfConfig(Strict):
    page_size: Literal["A4", "Letter"] = "A4"
    variant: Literal["pdf/a-3b", "pdf/ua-1", "pdf/a-3u"] | None = None
    toc_min_sections: int = Field(default=5, ge=1)
    author: str = ""


class SelectionConfig(Strict):
    """How sentences are chosen (see briefgen/select)."""

    algorithm: str = "coverage"  # summarizer whose salience is the brief's centrality
    # similarity at which two sentences state the same thing: grouped into one item citing
    # both, and never both selected
    near_duplicate: float = Field(default=0.45, gt=0, le=1)
    lead_bias: float = Field(default=1.0, ge=0)  # weight of an early position in its article
    min_words: int = Field(default=8, ge=1)  # shorter sentences are not selected
    max_words: int = Field(default=80, ge=1)  # longer "sentences" are segmentation accidents
    min_relevance: float = Field(default=0.25, ge=0, le=1)  # to a theme, for its section
    time_limit: float = Field(default=5.0, ge=0)  # seconds for the exact solver; 0: greedy only

    @field_validator("algorithm")
    @classmethod
    def _known_algorithm(cls, v: str) -> str:
        from .select.summarizers import NAMES

        if v not in NAMES:
            raise ValueError(f"unknown algorithm '{v}'; known: {', '.join(NAMES)}")
        return v


# --------------------------------------------------------------------------- email

_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_UNSAFE_IN_HEADER = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


def header_problem(value: str) -> str | None:
    """Why ``value`` may not go into a mail header (line breaks smuggle in headers), else None."""
    if "\r" in value or "\n" in value:
        return "contains a line break (refused: header injection)"
    if _UNSAFE_IN_HEADER.search(value):
        return "contains a control character (refused: header injection)"
    return None


def _one_line(value: str | None) -> str | None:
    problem = header_problem(value) if value else None
    if problem:
        raise ValueError(problem)
    return value


def _is_loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def parse_mailbox(value: str) -> Address:
    """One mailbox, "Name <addr@host>" or "addr@host"; ValueError (without the value) otherwise."""
    _one_line(value)
    header = HeaderRegistry()("From", value)
    if len(header.addresses) != 1 or header.defects:
        raise ValueError("must be one address, e.g. 'Briefing Desk <desk@example.org>'")
    address = header.addresses[0]
    if not _ADDRESS.fullmatch(address.addr_spec):
        raise ValueError(f"not an email address: {address.addr_spec!r}")
    return address


class SmtpConfig(Strict):
    """Where and how messages are handed over; the password only ever comes from the environment."""

    host: str
    port: int | None = Field(default=None, ge=1, le=65535)  # default: 587, 465 (ssl), 25 (none)
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: str | None = None
    password_env: str | None = None  # NAME of the environment variable holding the password
    ca_file: str | None = None  # extra CA certificates to trust (PEM), e.g. an internal relay's
    timeout: float = Field(default=30, gt=0, le=600)

    @field_validator("host")
    @classmethod
    def _host(cls, v: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9.:\[\]_-]+", v):
            raise ValueError(f"not a host name: {v!r}")
        return v

    @field_validator("username")
    @classmethod
    def _username(cls, v: str | None) -> str | None:
        return _one_line(v)

    @field_validator("password_env")
    @classmethod
    def _env_name(cls, v: str | None) -> str | None:
        # The value is never echoed: a user may have pasted the password itself here.
        if v is not None and not _ENV_NAME.fullmatch(v):
            raise ValueError(
                "must be the NAME of an environment variable (e.g. BRIEFGEN_SMTP_"
                "PASSWORD), never the password itself"
            )
        return v

    @model_validator(mode="after")
    def _credentials_pair(self) -> SmtpConfig:
        if bool(self.username) != bool(self.password_env):
            raise ValueError("username and password_env go together: set both or neither")
        if self.username and self.security == "none" and not _is_loopback(self.host):
            raise ValueError(
                f"security: none would send the password unencrypted to "
                f"{self.host}; use starttls or ssl"
            )
        return self

    @property
    def effective_port(self) -> int:
        return self.port or {"starttls": 587, "ssl": 465, "none": 25}[self.security]


class RecipientConfig(Strict):
    """One person; ``profile`` names another config whose brief this person gets instead."""

    email: str
    name: str = ""
    profile: str | None = None  # path to another config, relative to this config file

    @field_validator("email")
    @classmethod
    def _address(cls, v: str) -> str:
        if not _ADDRESS.fullmatch(v):
            raise ValueError(f"not an email address: {v!r}")
        return v

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        return _one_line(v) or ""


class GroupConfig(Strict):
    """A named audience; its ``profile`` applies to members that do not name their own."""

    group: str
    members: list[RecipientConfig] = Field(min_length=1)
    profile: str | None = None

    @field_validator("group")
    @classmethod
    def _name(cls, v: str) -> str:
        return _one_line(v) or ""


def _recipient_kind(v: Any) -> str:
    if isinstance(v, dict):
        return "GroupConfig" if "group" in v or "members" in v else "RecipientConfig"
    return "GroupConfig" if isinstance(v, GroupConfig) else "RecipientConfig"


# Tags are the class names so config errors name the recipient's key path, not the union arm.
Recipient = Annotated[
    Annotated[RecipientConfig, Tag("RecipientConfig")] | Annotated[GroupConfig, Tag("GroupConfig")],
    Discriminator(_recipient_kind),
]


class EmailConfig(Strict):
    """The `email:` section: who gets the brief, through which server, under which subject."""

    smtp: SmtpConfig
    sender: str
    subject: str = "{{ brief.title }} — {{ date }}"  # Jinja (sandboxed): brief, date
    recipients: list[Recipient] = Field(min_length=1)
    retries: int = Field(default=3, ge=0, le=10)  # per message, on 4xx replies and lost connections
    retry_delay: float = Field(default=2.0, ge=0, le=300)  # seconds; doubles at each retry

    @field_validator("sender")
    @classmethod
    def _sender(cls, v: str) -> str:
        parse_mailbox(v)
        return v

    @field_validator("subject")
    @classmethod
    def _subject(cls, v: str) -> str:
        _one_line(v)
        try:
            SandboxedEnvironment().parse(v)
        except TemplateSyntaxError as e:
            raise ValueError(f"bad subject template: {e.message}") from None
        return v

    @property
    def sender_address(self) -> Address:
        return parse_mailbox(self.sender)


class BriefConfig(Strict):
    """The whole briefgen.yaml."""

    title: str = "Daily Brief"
    audience: str = ""
    handling: str = ""  # e.g. "OFFICIAL-SENSITIVE"; shown as a banner when set
    name: str = "brief"  # output file stem: out/<name>-<date>.<ext>
    date: Date | None = None  # brief date; default: today (or SOURCE_DATE_EPOCH)
    inputs: list[str] = Field(default_factory=list)  # files, folders, or http(s) URLs
    out: str = "out"
    formats: list[Literal["html", "pdf", "json", "md", "txt"]] = Field(
        default_factory=lambda: ["html", "pdf", "json"]
    )
    templates_dir: str | None = None  # default: templates/ beside the config, when it exists
    template: str = "brief"
    strict: bool = False
    boilerplate: BoilerplateConfig = Field(default_factory=BoilerplateConfig)
    themes: list[ThemeConfig] = Field(default_factory=list)  # added to / replacing the defaults
    sections: list[SectionConfig] | None = None  # default: one section per theme
    key_points: KeyPointsConfig = Field(default_factory=KeyPointsConfig)
    pdf: PdfConfig = Field(default_factory=PdfConfig)
    selection: SelectionConfig = Field(default_factory=SelectionConfig)
    email: EmailConfig | None = None

    # Set by the loader: where the file was, so relative paths resolve against it.
    source_path: str | None = Field(default=None, exclude=True)

    @property
    def base_dir(self) -> Path:
        return Path(self.source_path).parent if self.source_path else Path.cwd()

    def resolve(self, value: str) -> Path:
        """A path from the config, relative to the config file's folder."""
        p = Path(value).expanduser()
        return (p if p.is_absolute() else (self.base_dir / p)).resolve()

    @property
    def out_dir(self) -> Path:
        return self.resolve(self.out)

    def output_stem(self, day: Date) -> str:
        """<name>-<date>, made safe: nothing a config says can escape the output folder."""
        slug = re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-") or "brief"
        return f"{slug[:60]}-{day.isoformat()}"

    @property
    def template_dirs(self) -> list[Path]:
        """User template folders, searched before the built-in templates."""
        if self.templates_dir:
            return [self.resolve(self.templates_dir)]
        beside = self.base_dir / "templates"
        return [beside] if beside.is_dir() else []

    @property
    def all_themes(self) -> dict[str, ThemeConfig]:
        """Built-in themes updated by the config's own (same name replaces)."""
        themes = dict(default_themes())
        themes.update({t.name: t for t in self.themes})
        return themes

    @property
    def effective_sections(self) -> list[SectionConfig]:
        if self.sections is not None:
            secs = list(self.sections)
        else:
            secs = [SectionConfig(theme=name) for name in self.all_themes]
        order = {id(s): i for i, s in enumerate(secs)}
        return sorted(secs, key=lambda s: (s.order if s.order is not None else 0, order[id(s)]))


_DEFAULT_THEMES: dict[str, ThemeConfig] | None = None


def default_themes() -> dict[str, ThemeConfig]:
    """The four built-in themes, read from package data (data, not code)."""
    global _DEFAULT_THEMES
    if _DEFAULT_THEMES is None:
        raw = yaml.safe_load((DATA_DIR / "themes.yaml").read_text(encoding="utf-8"))
        _DEFAULT_THEMES = {t["name"]: ThemeConfig(**t) for t in raw["themes"]}
    return _DEFAULT_THEMES


# --------------------------------------------------------------------------- loading


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that also keeps the node tree so errors can name a line."""


def _compose(text: str, where: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_LineLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "context_mark", None) or getattr(e, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise ConfigError(f"{where}{line}: invalid YAML: {problem}") from None


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
            out += ("." if out else "") + str(part)
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


def _explain(err: dict) -> tuple[tuple, str]:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.endswith("Config")))
    kind = err["type"]
    if kind == "extra_forbidden":
        key = loc[-1]
        model = _model_at(loc)
        known = sorted(model.model_fields) if model else []
        known = [k for k in known if k != "source_path"]
        close = difflib.get_close_matches(str(key), known, n=1)
        hint = (
            f"; did you mean '{close[0]}'?"
            if close
            else (f"; known: {', '.join(known)}" if known else "")
        )
        return loc, f"unknown key '{key}'{hint}"
    if kind == "missing":
        return loc, "required key is missing"
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    got = err.get("input")
    if kind.startswith("literal_error") or kind.endswith("_type") or kind.endswith("_parsing"):
        msg = f"{msg} (got {got!r})"
    return loc, msg


def parse_config(
    text: str, where: str = "<config>", source_path: Path | None = None, **overrides: Any
) -> BriefConfig:
    """Validate YAML text into a BriefConfig; every error names where:line: key."""
    node = _compose(text, where)
    try:
        data = yaml.load(text, Loader=_LineLoader) if node is not None else {}
    except yaml.YAMLError as e:  # pragma: no cover - compose already caught syntax errors
        raise ConfigError(f"{where}: invalid YAML: {e}") from None
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
            close = difflib.get_close_matches(sec.theme, list(themes), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            line = _node_line(node, loc)
            raise ConfigError(
                f"{where}{f':{line}' if line else ''}: {_loc_str(loc)}: unknown theme "
                f"'{sec.theme}'; {hint}known: {', '.join(themes)}"
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
    """
    if path is None:
        path = find_config()
        if path is None:
            return builtin_config(**overrides)
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"{p}: config file not found")
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{p}: cannot read config: {e}") from None
    return parse_config(text, where=str(p), source_path=p.resolve(), **overrides)


def builtin_config(**overrides: Any) -> BriefConfig:
    """The bundled sample brief: default themes over the packaged sample articles."""
    data: dict[str, Any] = {"title": "Daily Brief (sample)", "inputs": [str(SAMPLES_DIR)]}
    data.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return BriefConfig(**data)
    except ValidationError as e:
        loc, msg = _explain(e.errors()[0])
        raise ConfigError(f"{_loc_str(loc)}: {msg}") from None
