"""The typed schema of a briefgen config file, its loader, and errors that name file:line: key.

A config is YAML validated by pydantic models with ``extra="forbid"``. Relative paths resolve
against the config file's folder. Command-line flags override keys only when given.
"""

from .base import CONFIG_CANDIDATES, DATA_DIR, FORMATS, SAMPLES_DIR, Strict
from .email import (
    EmailConfig,
    GroupConfig,
    RecipientConfig,
    SmtpConfig,
    header_problem,
    parse_mailbox,
)
from .history import HistoryConfig
from .loader import (
    SAMPLE_WARNING,
    builtin_config,
    config_origin,
    find_config,
    is_sample,
    load_config,
    parse_config,
)
from .schema import (
    BoilerplateConfig,
    BriefConfig,
    KeyPointsConfig,
    PdfConfig,
    SectionConfig,
    SelectionConfig,
    ThemeConfig,
    default_themes,
)

__all__ = [
    "CONFIG_CANDIDATES",
    "DATA_DIR",
    "FORMATS",
    "SAMPLES_DIR",
    "SAMPLE_WARNING",
    "BoilerplateConfig",
    "BriefConfig",
    "EmailConfig",
    "GroupConfig",
    "HistoryConfig",
    "KeyPointsConfig",
    "PdfConfig",
    "RecipientConfig",
    "SectionConfig",
    "SelectionConfig",
    "SmtpConfig",
    "Strict",
    "ThemeConfig",
    "builtin_config",
    "config_origin",
    "default_themes",
    "find_config",
    "header_problem",
    "is_sample",
    "load_config",
    "parse_config",
    "parse_mailbox",
]
