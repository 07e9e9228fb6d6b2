"""What a send did, one line per message, for the CLI to print and to turn into an exit code."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

# "uncertain": a crash caught the message in flight; not sent again without --resend-uncertain
Status = Literal["sent", "skipped", "failed", "written", "uncertain"]


@dataclass(frozen=True)
class Outcome:
    status: Status
    to: str  # the address (or whatever the channel delivers to)
    brief: str  # the brief's stem, e.g. daily-2026-11-23
    detail: str = ""  # message id, the server's refusal, the .eml path, ...
    channel: str = ""  # the channel that delivered it; set by deliver()


@dataclass
class SendReport:
    """Every outcome of one send; ``ok`` is False when any message failed or is uncertain."""

    dry_run: bool = False
    outcomes: list[Outcome] = field(default_factory=list)

    def add(self, status: Status, to: str, brief: str, detail: str = "") -> None:
        self.outcomes.append(Outcome(status, to, brief, detail))

    @classmethod
    def merge(cls, reports: Iterable[tuple[str, SendReport]], *, dry_run: bool) -> SendReport:
        """One report of several channels' (name, report), each outcome marked with its channel."""
        return cls(
            dry_run=dry_run,
            outcomes=[replace(o, channel=name) for name, r in reports for o in r.outcomes],
        )

    @property
    def ok(self) -> bool:
        return all(o.status not in ("failed", "uncertain") for o in self.outcomes)

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def lines(self) -> list[str]:
        # the channel is named only when more than one delivered: an email-only send reads as ever
        named = len({o.channel for o in self.outcomes}) > 1
        width = max((len(o.to) for o in self.outcomes), default=0)
        cwidth = max((len(o.channel) for o in self.outcomes), default=0)
        # "sent    ", as ever; one column wider when an "uncertain" is among them
        swidth = max([8, *(len(o.status) + 1 for o in self.outcomes)])
        lines = [
            (f"{o.channel:<{cwidth}}  " if named else "")
            + f"{o.status:<{swidth}}{o.to:<{width}}  {o.brief}"
            + (f"  {o.detail}" if o.detail else "")
            for o in self.outcomes
        ]
        counts = Counter(o.status for o in self.outcomes)
        summary = (
            ", ".join(
                f"{counts[s]} {s}"
                for s in ("sent", "written", "skipped", "uncertain", "failed")
                if counts[s]
            )
            or "nothing to send"
        )
        lines.append(summary + (" (dry run: nothing was sent)" if self.dry_run else ""))
        return lines
