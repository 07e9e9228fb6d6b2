"""Honest sourcing: who published an article, how outlets are counted, how wire stories relate.

An outlet is named only when the input's metadata or a credit in the text names it
(``Article.source_origin``); a file name or URL host says where an article was found, not who
published it. Articles of unknown outlet are never counted as outlets (badges, the "based on"
line, the coverage table), and a wire story counts once however many outlets carry, republish
or rewrite it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..model import Article

OUTLET_UNKNOWN = "Outlet unknown"
NAMED_ORIGINS = ("metadata", "credit")  # the origins of an outlet name a reader can trust
SHORT_AGENCY = 4  # a one-word credit this short is an acronym: "ani" -> ANI, "reuters" -> Reuters
_LOWER_WORDS = frozenset({"of", "the", "and", "for", "de", "del", "la", "du"})


def outlet(a: Article) -> str:
    """The article's outlet when its metadata or a credit names it, else ""."""
    return a.source.strip() if a.source_origin in NAMED_ORIGINS else ""


def outlet_key(a: Article) -> str | None:
    """Articles of one outlet share a key; an article of unknown outlet has none."""
    return outlet(a).casefold() or None


def agency_name(credits: Iterable[str]) -> str:
    """Case-folded agency credits as a reader writes them: ("ani",) -> "ANI"."""
    names = []
    for credit in credits:
        words = credit.split()
        if len(words) == 1 and len(words[0]) <= SHORT_AGENCY:
            names.append(words[0].upper())
        elif words:
            names.append(
                " ".join(
                    w if i and w in _LOWER_WORDS else w[:1].upper() + w[1:]
                    for i, w in enumerate(words)
                )
            )
    return "/".join(dict.fromkeys(names))


@dataclass(frozen=True)
class Wire:
    """An article's place in a wire story, for its Sources entry."""

    relation: str  # "copy", "rewrite", "carrier" or ""
    note: str  # "republished copy of", "rewrite of the ANI story in", "carries the ANI wire story"
    of: str  # id of the listed article the note's [n] points at; "" when the note has no [n]
    agency: str


NO_WIRE = Wire("", "", "", "")


def wire(a: Article, listed: Mapping[str, Article], pointed_to: Collection[str]) -> Wire:
    """How ``a`` relates to the wire story it shares with other listed articles.

    ``copy_of`` points at the carrier (the root). A copy is "republished copy of [n]", a retelling
    "rewrite of the ANI story in [n]", and a root that others point at and that credits an agency
    "carries the ANI wire story". Nothing is called a copy of a rewrite: when ``copy_of`` names a
    retold article, the copy is described as carrying the wire story itself.
    """
    target = listed.get(a.copy_of) if a.copy_of else None
    root = target if target is not None and not target.retold else None
    agency = agency_name(a.credits) or (agency_name(target.credits) if target else "")
    story = f"the {agency} story" if agency else "the wire story"
    if not agency:
        carries = "carries a wire story"
    elif agency.casefold() == outlet(a).casefold():
        carries = "the original wire story"  # the agency's own copy, not one it was given
    elif agency.casefold().endswith("wire"):
        carries = f"carries {story}"  # "the Meridian Wire story", not "… Wire wire story"
    else:
        carries = f"carries the {agency} wire story"
    if a.retold:
        if root is not None:
            return Wire("rewrite", f"rewrite of {story} in", root.id, agency)
        return Wire(
            "rewrite", f"rewrite of {story}" if agency else "rewrite of a wire story", "", agency
        )
    if a.copy_of:
        if root is not None:
            return Wire("copy", "republished copy of", root.id, agency)
        if target is None:  # the original is not in the brief: say what it is, without a number
            return Wire("copy", "republished copy", "", agency)
        return Wire("carrier", carries, "", agency)
    if a.id in pointed_to and agency:
        return Wire("carrier", carries, "", agency)
    return NO_WIRE


def badge(reports: int, independent: int, outlets: Sequence[str | None]) -> tuple[str, str]:
    """An item's corroboration badge and its hover text; ``outlets``: one outlet_key per report.

    "outlets" only when every report has a known outlet and no two share one; else "reports".
    """
    if reports < 2:
        return "", ""
    named = [k for k in outlets if k is not None]
    unknown = len(outlets) - len(named)
    distinct = len(set(named))
    noun = "outlets" if not unknown and distinct == reports else "reports"
    text = f"{reports} {noun}"
    title = f"Carried by {reports} {noun}"
    if noun == "reports":
        parts = [f"{len(named)} from {_plural(distinct, 'outlet')}"] if named else []
        parts += [f"{unknown} of unknown outlet"] if unknown else []
        title += ": " + ", ".join(parts)
    if independent < reports:
        copies = reports - independent
        text += f" · {independent} independent"
        title += (
            f"; {independent} independent, {copies} "
            f"{'copy or rewrite' if copies == 1 else 'copies or rewrites'} of a wire story"
        )
    return text, title + "."


def based_on(articles: Sequence[Article]) -> tuple[int, int, str]:
    """(known outlets, articles of unknown outlet, "7 articles: 6 from 5 outlets, 1 of unknown
    outlet") for the masthead."""
    keys = [outlet_key(a) for a in articles]
    named = [k for k in keys if k is not None]
    outlets, unknown = len(set(named)), len(keys) - len(named)
    total = _plural(len(keys), "article")
    if not unknown:
        text = f"{total} from {_plural(outlets, 'outlet')}" if keys else total
    elif not named:
        text = f"{total} of unknown outlet"
    else:
        text = (
            f"{total}: {len(named)} from {_plural(outlets, 'outlet')}, {unknown} of unknown outlet"
        )
    return outlets, unknown, text


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
