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
from .loader import builtin_config, find_config, load_config, parse_config
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
    "BoilerplateConfig",
    "BriefConfig",
    "EmailConfig",
    "GroupConfig",
    "KeyPointsConfig",
    "PdfConfig",
    "RecipientConfig",
    "SectionConfig",
    "SelectionConfig",
    "SmtpConfig",
    "Strict",
    "ThemeConfig",
    "builtin_config",
    "default_themes",
    "find_config",
    "header_problem",
    "load_config",
    "parse_config",
    "parse_mailbox",
]
