"""Stage ``deliver``: the built brief sent through each channel (email: once per recipient)."""

from .channel import Channel, EmailChannel, deliver
from .latest import BuildMissing, BuiltBrief
from .report import Outcome, SendReport
from .send import send_brief

__all__ = [
    "BuildMissing",
    "BuiltBrief",
    "Channel",
    "EmailChannel",
    "Outcome",
    "SendReport",
    "deliver",
    "send_brief",
]
