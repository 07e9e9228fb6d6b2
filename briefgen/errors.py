"""One error hierarchy: the CLI prints ``str(error)`` on one line and exits with ``exit_code``."""

from __future__ import annotations

import click


class BriefgenError(click.ClickException):
    """Base of every error a user can cause; never shown with a traceback."""

    exit_code = 1

    def show(self, file=None) -> None:  # noqa: D401 - click API
        click.echo(f"briefgen: error: {self.format_message()}", err=True, file=file)


class ConfigError(BriefgenError):
    """Bad config file, key or value; bad command-line usage (exit 2)."""

    exit_code = 2


class InputError(BriefgenError):
    """An input file or folder that cannot be read or parsed (exit 1: build error)."""


class BuildError(BriefgenError):
    """The build failed after inputs were read (exit 1)."""


class TemplateError(BuildError):
    """A missing template or a template syntax/render error, naming file and line."""


class DeliveryError(BriefgenError):
    """Email delivery failed for at least one recipient."""


class StrictError(BriefgenError):
    """A warning turned into failure by --strict."""


class InstallError(BriefgenError):
    """A module briefgen needs is missing: an extra not installed, or a broken install (exit 3)."""

    exit_code = 3


def missing_extra(module: str, extra: str, feature: str) -> InstallError:
    """The one line for an optional feature whose extra is not installed."""
    return InstallError(
        f"{feature} needs the '{extra}' extra (module '{module}' is not installed): "
        f"pip install 'briefgen[{extra}]'"
    )


def memory_error(articles: int) -> BuildError:
    """The one line for a build that ran out of memory, with what would make it fit."""
    return BuildError(
        f"out of memory building from {articles} articles: brief fewer at once (--since 24h), "
        "run fewer workers (--jobs 1), or run the per-article stage on a Dask cluster "
        "(--executor dask --scheduler ADDRESS; see docs/scale.md)"
    )
