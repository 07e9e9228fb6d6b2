"""Who's who and the quotes ledger for a brief: the blocks beside the timeline.

One index of names per brief (select/entities.py) serves both: quotes resolve their speakers
against it and add the speakers it did not know, then the people list counts who is quoted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..config.keyfacts import OrganizationsConfig, PeopleConfig, QuotesConfig
from ..model import Article, Entity, Item, Quote
from . import entities, quotes


@dataclass(frozen=True)
class KeyFacts:
    people: tuple[Entity, ...] = ()
    organizations: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()


def key_facts(
    items: Sequence[Item],
    articles: Sequence[Article],
    people: PeopleConfig,
    organizations: OrganizationsConfig,
    quoting: QuotesConfig,
) -> KeyFacts:
    """The blocks the config turns on, from the brief's ``items`` (key points, then sections'
    items) and its cited ``articles``."""
    if not (people.enabled or organizations.enabled or quoting.enabled):
        return KeyFacts()
    index = entities.gather(
        articles,
        [(k.name, k.role, k.aliases) for k in people.known],
        [(k.name, k.role, k.aliases) for k in organizations.known],
    )
    # speakers join the index even when the ledger is off: the people list names them
    ledger = quotes.ledger(quotes.find_quotes(articles, index), quoting.max)
    return KeyFacts(
        people=(
            entities.entity_list(
                index,
                "person",
                items,
                articles,
                people.max,
                quoted={q.speaker for q in ledger} if quoting.enabled else (),
            )
            if people.enabled
            else ()
        ),
        organizations=(
            entities.entity_list(index, "organization", items, articles, organizations.max)
            if organizations.enabled
            else ()
        ),
        quotes=ledger if quoting.enabled else (),
    )
