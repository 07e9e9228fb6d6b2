"""Which news agency an article credits, read from the credit lines cleaning removed.

"Based On ANI Report", "(Reuters)", "GENEVA, Nov 23 (Meridian Wire) -": the credit is boilerplate
in the brief, but it is evidence that two articles are one agency's story retold, which matters
when counting independent reports.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_BASED_ON = re.compile(r"(?i)^\(?\s*based on (?:an? )?(.+?)\s+(?:reports?|inputs?)\s*\.?\)?$")
_INPUTS = re.compile(r"(?i)\binputs? from (?:the )?([^()]+?)\s*\)?\.?$")
_TAG = re.compile(r"\(([A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*){0,3})\)")
_NOT_AGENCY = re.compile(r"(?i)^(?:reporting|writing|editing|additional|with|except|this|photo)\b")
_GENERIC = {"agencies", "agency", "wires", "wire services"}


def agency_credits(removed: Sequence[str]) -> tuple[str, ...]:
    """Agency names credited by removed lines and fragments, case-folded, in order, unique."""
    found: dict[str, None] = {}
    for fragment in removed:
        text = fragment.strip()
        m = _BASED_ON.match(text) or _INPUTS.search(text)
        names = [m.group(1)] if m else _TAG.findall(text)
        for name in names:
            key = " ".join(name.split()).casefold()
            if key and key not in _GENERIC and not _NOT_AGENCY.match(key):
                found[key] = None
    return tuple(found)
