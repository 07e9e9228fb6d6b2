"""Delivery channels: the extension point of the deliver stage.

A channel takes a config whose brief is built and delivers it somewhere (email is the built-in
one). Channels register by name in ``briefgen.registry.CHANNELS``; a third-party package adds
one through the ``briefgen.channels`` entry-point group::

    [project.entry-points."briefgen.channels"]
    teams = "briefgen_teams:TeamsChannel"

and a config picks the channels to run with ``channels: [email, teams]`` (default: email).
"""

from __future__ import annotations

import inspect
from typing import Protocol, runtime_checkable

from .. import registry
from ..config import BriefConfig
from ..errors import DeliveryError
from .latest import BuildMissing
from .report import SendReport
from .send import send_brief

DEFAULT_CHANNELS = ("email",)


@runtime_checkable
class Channel(Protocol):
    """What a delivery channel implements; the registry instantiates it with no arguments.

    ``send`` delivers the brief of ``config`` (``latest.latest_brief(config)`` finds it, read back
    as the model's Brief) and reports one Outcome per recipient. It must be safe to rerun: what
    was delivered before is ``skipped`` unless ``resend``. With ``dry_run`` it writes what it
    would deliver under the out folder and delivers nothing. ``build_missing`` builds a brief the
    channel needs that was not built yet (the email channel's per-audience profiles); None means
    nothing may be built. A failure that stops the whole channel raises a BriefgenError (one line).
    A channel that logs intents (as email does) may also take ``resend_uncertain``; deliver()
    passes it, when set, to the channels whose ``send`` has that parameter.
    """

    name: str

    def send(
        self,
        config: BriefConfig,
        *,
        dry_run: bool,
        resend: bool,
        build_missing: BuildMissing | None,
    ) -> SendReport: ...


class EmailChannel:
    """The built-in channel: one message per recipient of the config's ``email:`` section."""

    name = "email"

    def send(
        self,
        config: BriefConfig,
        *,
        dry_run: bool,
        resend: bool,
        build_missing: BuildMissing | None,
        resend_uncertain: bool = False,
    ) -> SendReport:
        return send_brief(
            config,
            dry_run=dry_run,
            resend=resend,
            build_missing=build_missing,
            resend_uncertain=resend_uncertain,
        )


def deliver(
    config: BriefConfig,
    *,
    dry_run: bool = False,
    resend: bool = False,
    build_missing: BuildMissing | None = None,
    resend_uncertain: bool = False,
) -> SendReport:
    """Run every channel the config names, in its order; one report of all their outcomes.

    A channel that fails as a whole (its error is raised) stops the channels after it: rerun
    once it is fixed, each channel skips what it already delivered.
    """
    names = config.channels if config.channels is not None else DEFAULT_CHANNELS
    reports = []
    for name in names:
        channel = _channel(name)
        # only a channel that logs intents knows uncertain messages (Channel's docstring)
        takes = "resend_uncertain" in inspect.signature(channel.send).parameters
        extra = {"resend_uncertain": True} if resend_uncertain and takes else {}
        report = channel.send(
            config, dry_run=dry_run, resend=resend, build_missing=build_missing, **extra
        )
        reports.append((name, report))
    return SendReport.merge(reports, dry_run=dry_run)


def _channel(name: str) -> Channel:
    """The channel registered as ``name``; a plugin that is no channel is one error line.

    A plugin that cannot be imported raises registry.PluginError, reported by the CLI as an
    internal error (exit 3) with its traceback in the log, as for every plugin family.
    """
    try:
        channel = registry.CHANNELS.get(name)
    except registry.UnknownName as e:
        raise DeliveryError(f"channels: {e}") from None
    if not isinstance(channel, Channel):
        raise DeliveryError(
            f"channels: channel '{name}' from {registry.CHANNELS.origin(name)} is not a delivery "
            "channel (it needs a name and a send method; see briefgen.deliver.channel.Channel)"
        )
    return channel
