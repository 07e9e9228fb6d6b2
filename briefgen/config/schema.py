"""The typed schema of briefgen.yaml: themes, sections, rendering, selection, the whole brief."""

from __future__ import annotations

import re
from datetime import date as Date
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import (
    Field,
    field_validator,
    model_validator,
)

from ..yamlsafe import MAX_CONFIG_CHARS, shown
from ..yamlsafe import load as load_yaml
from .base import DATA_DIR, PathText, Strict
from .dates import DatesConfig, TimezoneName, WindowText
from .email import EmailConfig
from .fetch import FetchConfig
from .history import HistoryConfig
from .keyfacts import OrganizationsConfig, PeopleConfig, QuotesConfig
from .scale import ExecutorName, Jobs, SchedulerAddress, cores
from .timeline import TimelineConfig

Format = Literal["html", "pdf", "json", "md", "txt"]
DEFAULT_FORMATS: tuple[Format, ...] = ("html", "pdf", "json")


class ThemeConfig(Strict):
    """A theme is a query (title + description) plus weighted keywords and phrases."""

    name: str
    title: str = ""
    description: str = ""
    # word or multi-word phrase -> weight; a plain list means weight 1.0 each
    keywords: dict[str, float] = Field(default_factory=dict)
    # keywords with other common meanings (cobalt the car, mineral water, potato chips): they
    # count only beside an unambiguous keyword of the theme, in the sentence or its article
    ambiguous: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)

    @field_validator("keywords", mode="before")
    @classmethod
    def _list_to_weights(cls, v: Any) -> Any:
        if isinstance(v, list):
            return {str(k): 1.0 for k in v}
        return v

    @field_validator("keywords")
    @classmethod
    def _real_keywords(cls, v: dict[str, float]) -> dict[str, float]:
        for k, w in v.items():
            if not k.strip():
                raise ValueError("a keyword is empty")
            if w <= 0:
                raise ValueError(
                    f"keyword {shown(k)} has weight {w}; weights must be above 0 "
                    "(use exclude: to veto a term)"
                )
        return v

    @model_validator(mode="after")
    def _ambiguous_are_keywords(self) -> ThemeConfig:
        unknown = [k for k in self.ambiguous if k not in self.keywords]
        if unknown:
            raise ValueError(
                f"ambiguous term {shown(unknown[0])} is not one of the theme's keywords "
                "(list it under keywords: with a weight)"
            )
        if self.keywords and set(self.ambiguous) >= set(self.keywords):
            raise ValueError(
                "every keyword is ambiguous: at least one must be unambiguous, or nothing "
                "could ever give the theme its context"
            )
        return self

    @field_validator("name")
    @classmethod
    def _slug(cls, v: str) -> str:
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", v):
            raise ValueError(
                f"theme name {shown(v)} must be lower-case letters, digits, '_' or '-'"
            )
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
                raise ValueError(f"bad regular expression {shown(p)}: {e}") from None
        return v


class PdfConfig(Strict):
    page_size: Literal["A4", "Letter"] = "A4"
    variant: Literal["pdf/a-3b", "pdf/ua-1", "pdf/a-3u"] | None = None
    toc_min_sections: int = Field(default=5, ge=1)
    author: str = ""


# ISO 639-1 codes of the languages briefgen can detect (text/language.py; a test keeps this list
# equal to the detector's): selection.language must be one of them.
LANGUAGES = frozenset(
    "af am an ar as az ba be bg bn br bs ca cs cy da de dz el en eo es et eu fa fi fo fr fy ga "
    "gd gl gu ha he hi hr ht hu hy id ig is it ja jv ka kk km kn ko ku ky la lb lg ln lo lt lv "
    "mg mk ml mn mr ms mt my ne nl nn no oc om or pa pl ps pt qu ro ru rw sa se si sk sl sn so "
    "sq sr st sv sw ta te tg th tk tl tr tt ug uk ur uz vi vo wa xh yo zh zu".split()
)
_LANGUAGE_EXAMPLES = ("en", "de", "fr", "es", "it", "pt", "nl", "ru", "zh", "ja", "ar", "hi")


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
    # seconds for the exact solver, a safety net only: its deterministic node cap binds first
    # on real days (a warning says when the clock decided); 0: greedy only
    time_limit: float = Field(default=60.0, ge=0)
    # the brief's language (ISO 639-1): sentences in another language are never used
    language: str = "en"

    @field_validator("language")
    @classmethod
    def _known_language(cls, v: str) -> str:
        code = v.strip().lower()
        if code not in LANGUAGES:
            raise ValueError(
                f"unknown language {shown(v)}; known: {', '.join(_LANGUAGE_EXAMPLES)}, … "
                f"({len(LANGUAGES)} two-letter ISO 639-1 codes)"
            )
        return code

    @field_validator("algorithm")
    @classmethod
    def _known_algorithm(cls, v: str) -> str:
        from ..registry import SUMMARIZERS

        return SUMMARIZERS.check(v)

    @model_validator(mode="after")
    def _word_range(self) -> SelectionConfig:
        if self.min_words > self.max_words:
            raise ValueError(
                f"min_words ({self.min_words}) is larger than max_words ({self.max_words}): "
                "no sentence could be selected"
            )
        return self


class BriefConfig(Strict):
    """The whole briefgen.yaml."""

    title: str = "Daily Brief"
    audience: str = ""
    handling: str = ""  # e.g. "OFFICIAL-SENSITIVE"; shown as a banner when set
    name: str = "brief"  # output file stem: out/<name>-<date>.<ext>
    # default: the window's last day, else SOURCE_DATE_EPOCH, else newest article's date, else today
    date: Date | None = None
    # which articles are the day's, by published date (config/dates.py): 24h, 2d, 2026-11-30,
    # 2026-11-28..2026-11-30; none: every article read. A relative one ends at the build time.
    window: WindowText = None
    timezone: TimezoneName = "UTC"  # IANA name: windows and dates without an offset are here
    dates: DatesConfig = Field(default_factory=DatesConfig)
    inputs: list[PathText] = Field(default_factory=list)  # files, folders, URLs, .urls lists
    # read symlinks in an input folder that lead out of it (skipped with a warning otherwise);
    # which files are read shows in the articles, so it stays out of the build id
    follow_symlinks: bool = Field(default=False, exclude=True)
    out: PathText = "out"
    formats: list[Format] = Field(default_factory=lambda: list(DEFAULT_FORMATS), min_length=1)
    templates_dir: PathText | None = None  # default: templates/ beside the config, when it exists
    template: str = "brief"
    strict: bool = False
    # the memory of past briefs (what is new, the archive) and --fresh (ignore it this once): the
    # history is state, not input, so both stay out of the build id
    history: HistoryConfig = Field(default_factory=HistoryConfig, exclude=True)
    fresh: bool = Field(default=False, exclude=True)
    boilerplate: BoilerplateConfig = Field(default_factory=BoilerplateConfig)
    themes: list[ThemeConfig] = Field(default_factory=list)  # added to / replacing the defaults
    sections: list[SectionConfig] | None = None  # default: one section per theme
    key_points: KeyPointsConfig = Field(default_factory=KeyPointsConfig)
    # the dated events block (select/timeline.py); in the build id once set, like dates:
    timeline: TimelineConfig = Field(default_factory=TimelineConfig)
    # who's who and the quotes ledger (select/entities.py, select/quotes.py); in the build id
    # once set, like timeline:
    people: PeopleConfig = Field(default_factory=PeopleConfig)
    organizations: OrganizationsConfig = Field(default_factory=OrganizationsConfig)
    quotes: QuotesConfig = Field(default_factory=QuotesConfig)
    pdf: PdfConfig = Field(default_factory=PdfConfig)
    selection: SelectionConfig = Field(default_factory=SelectionConfig)
    email: EmailConfig | None = None
    # how URLs and feeds are fetched, and --offline (read only the fetch cache): how the
    # articles were obtained is not what the brief says, so both stay out of the build id
    fetch: FetchConfig = Field(default_factory=FetchConfig, exclude=True)
    offline: bool = Field(default=False, exclude=True)
    # delivery channels `send` runs, in order (default: email); names from registry.CHANNELS.
    # How the brief is delivered is not what it says: kept out of the dump, so of the build id.
    channels: list[str] | None = Field(default=None, exclude=True)
    # where reading and cleaning run (config/scale.py, docs/scale.md): worker processes, or a
    # Dask cluster. How fast the brief is made, not what it says: out of the build id.
    jobs: Jobs = Field(default_factory=cores, exclude=True)
    executor: ExecutorName = Field(default="local", exclude=True)
    scheduler: SchedulerAddress = Field(default=None, exclude=True)

    # Set by the loader: where the file was, so relative paths resolve against it.
    source_path: str | None = Field(default=None, exclude=True)

    @field_validator("channels")
    @classmethod
    def _known_channels(cls, v: list[str] | None) -> list[str] | None:
        from ..registry import CHANNELS

        if v is None:
            return v
        if not v:
            raise ValueError(f"no channel listed; known: {', '.join(CHANNELS.names())}")
        for name in v:
            CHANNELS.check(name)
        twice = next((n for i, n in enumerate(v) if n in v[:i]), None)
        if twice is not None:
            raise ValueError(f"channel '{twice}' is listed twice")
        return v

    @property
    def base_dir(self) -> Path:
        return Path(self.source_path).parent if self.source_path else Path.cwd()

    def resolve(self, value: str) -> Path:
        """A path from the config, relative to the config file's folder."""
        p = Path(value).expanduser()
        return (p if p.is_absolute() else (self.base_dir / p)).resolve()

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

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
        text = (DATA_DIR / "themes.yaml").read_text(encoding="utf-8")
        raw = load_yaml(text, trusted=True, max_chars=MAX_CONFIG_CHARS)
        _DEFAULT_THEMES = {t["name"]: ThemeConfig(**t) for t in raw["themes"]}
    return _DEFAULT_THEMES
