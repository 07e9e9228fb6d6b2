"""Stage ``deliver``: the built brief emailed to each recipient, exactly once, with a send log."""

from .report import Outcome, SendReport
from .send import send_brief

__all__ = ["Outcome", "SendReport", "send_brief"]
