"""``people:``, ``organizations:`` and ``quotes:``: a mapping, a bare gazetteer list, or false."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from briefgen.config import BriefConfig


def test_a_bare_list_is_the_gazetteer_and_false_turns_a_block_off():
    c = BriefConfig(
        people=[
            "S Jaishankar",
            {"name": "Randa Jaiwal", "role": "Spokesperson", "aliases": ["R. Jaiwal"]},
        ],
        organizations=False,
        quotes=False,
    )
    assert [(k.name, k.role, k.aliases) for k in c.people.known] == [
        ("S Jaishankar", "", []),
        ("Randa Jaiwal", "Spokesperson", ["R. Jaiwal"]),
    ]
    assert c.people.enabled and c.people.max == 10
    assert (c.organizations.enabled, c.quotes.enabled) == (False, False)


def test_defaults_and_bounds():
    c = BriefConfig()
    assert (c.people.enabled, c.organizations.max, c.quotes.max) == (True, 8, 8)
    with pytest.raises(ValidationError):
        BriefConfig(quotes={"max": 0})
    with pytest.raises(ValidationError):
        BriefConfig(people=[{"name": "", "role": "x"}])
    with pytest.raises(ValidationError):
        BriefConfig(people={"known": [{"name": "A B", "colour": "red"}]})  # unknown key
