"""Who's who: the people and organizations the cited articles name, merged across spellings.

People are found where an article gives a role right before a name ("External Affairs Minister
S Jaishankar", "MEA Spokesperson Randhir Jaiswal", "Japanese Foreign Ministry spokesperson ..."),
in the config's gazetteer (``people.known``), and as the speakers of quotes (select/quotes.py).
Spellings merge when their surnames agree and their given names do not conflict: "S.
Jaishankar", "Dr. S. Jaishankar" and "S Jaishankar" are one person, and the bare "Jaishankar"
joins them when no other known person has that surname. The role shown is the one the articles
give most often (a leading possessive, "India's", dropped).

Organizations are capitalized names ending in a body's head word ("Joint Working Group on
critical minerals", "Economic Security Initiative", "Ministry of External Affairs"), plus the
gazetteer (``organizations.known``); a name also counts when written in lower case, and an
acronym the article defines for it ("JWG") is an alias. A name without its complement ("Joint
Working Group") merges into the one longer name that extends it.

Only names the brief is about are listed: named in an item or its supporting sentences, in two
cited articles or more, in the gazetteer, or (people) quoted in the ledger.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..model import Article, Entity, Item, Span
from .names import (
    AMBIGUOUS,
    HEAD_WORDS,
    NOT_NAMES,
    Form,
    Matcher,
    add_form,
    compatible,
    form_of,
    fullness,
    name_words,
    org_key,
    org_names,
    people_with_roles,
    words_of,
)
from .standalone import acronyms

# A name in two cited articles is news the brief is about even when no item names it
MIN_SOURCES = 2
MAX_NAME_WORDS = 5  # "Dr. K. Valdemar Ostrova" is four; a longer run of capitals is no name


@dataclass
class _Cluster:
    """One person or organization while it is being gathered."""

    kind: str
    spellings: Counter[str] = field(default_factory=Counter)  # as written, capitalized
    roles: Counter[str] = field(default_factory=Counter)
    known_role: str = ""
    aliases: set[str] = field(default_factory=set)  # acronyms, gazetteer aliases
    known: bool = False
    first: tuple[int, int] = (1 << 30, 0)  # (article position, offset) of the first sighting

    def key_tokens(self) -> list[str]:
        return name_words(self.best())

    def best(self) -> str:
        """A person: the fullest spelling, then the most frequent, the shortest, alphabetical.
        An organization: the most frequent spelling, then the longest, alphabetical."""
        if self.kind == "person":
            return min(self.spellings, key=lambda s: (-fullness(s), -self.spellings[s], len(s), s))
        return min(self.spellings, key=lambda s: (-self.spellings[s], -len(s), s))


Cluster = _Cluster  # the type select/quotes.py resolves speakers to


class Index:
    """Every person and organization of the cited articles, before the brief picks its list."""

    def __init__(self) -> None:
        self.people: list[_Cluster] = []
        self.orgs: list[_Cluster] = []
        self._surnames: dict[str, list[int]] = {}  # surname -> people carrying it
        self._person_forms: dict[Form, int] = {}  # spellings, with and without honorifics
        self._org_keys: dict[str, _Cluster] = {}
        self._org_matcher: Matcher | None = None

    # ------------------------------------------------------------------ people
    def add_person(
        self, name: str, role: str = "", where: tuple[int, int] | None = None, known: bool = False
    ) -> _Cluster | None:
        tokens = name_words(name)
        if (
            not tokens
            or len(tokens[-1]) < 2
            or any(t in NOT_NAMES or t.casefold() in HEAD_WORDS for t in tokens)
        ):
            return None
        ident = self._person_for(tokens)
        if ident is None:
            ident = len(self.people)
            self.people.append(_Cluster("person"))
            self._surnames.setdefault(tokens[-1], []).append(ident)
        cluster = self.people[ident]
        cluster.spellings[name] += 1
        add_form(self._person_forms, form_of(name, False), ident)
        add_form(self._person_forms, tuple(tokens), ident)
        if role:
            cluster.roles[role] += 1
        cluster.known |= known
        if where is not None and where < cluster.first:
            cluster.first = where
        return cluster

    def _person_for(self, tokens: list[str]) -> int | None:
        fits = [
            i
            for i in self._surnames.get(tokens[-1], ())
            if any(compatible(tokens, name_words(s)) for s in self.people[i].spellings)
        ]
        # the fullest match: "S Jaishankar" joins the cluster holding "S. Jaishankar"
        return max(fits, key=lambda i: fullness(self.people[i].best()), default=None)

    def _unshared_surname(self, c: _Cluster) -> str:
        surname = c.key_tokens()[-1]
        return surname if len(self._surnames.get(surname, ())) == 1 else ""

    def person(self, text: str) -> _Cluster | None:
        """The one known person ``text`` names (a spelling, or an unshared surname), else None."""
        words = [w for w, _, _ in words_of(text)]
        hits = set()
        for i in range(len(words)):
            for j in range(i + 1, min(len(words), i + MAX_NAME_WORDS) + 1):
                ident = self._person_forms.get(tuple(words[i:j]), AMBIGUOUS)
                if ident != AMBIGUOUS:
                    hits.add(ident)
            owners = self._surnames.get(words[i], ())
            if len(owners) == 1:
                hits.add(owners[0])
        return self.people[hits.pop()] if len(hits) == 1 else None

    def person_forms(self, c: _Cluster) -> list[str]:
        """Spellings to look for: every spelling seen, its honorific-free form, and the surname
        when no other person shares it."""
        forms = set(c.spellings) | c.aliases
        forms |= {" ".join(name_words(s)) for s in c.spellings}
        if surname := self._unshared_surname(c):
            forms.add(surname)
        return sorted(forms, key=lambda f: (-len(f), f))

    def matcher(self, people: bool) -> Matcher:
        """One matcher for every listed name of a kind; ids index ``people`` or ``orgs``."""
        forms: dict[Form, int] = {}
        clusters = self.people if people else self.orgs
        for ident, c in enumerate(clusters):
            for f in self.person_forms(c) if people else self.org_forms(c):
                add_form(forms, form_of(f, not people), ident)
        return Matcher({f: i for f, i in forms.items() if i != AMBIGUOUS}, fold=not people)

    # ------------------------------------------------------------ organizations
    def add_org(self, name: str, where: tuple[int, int] | None = None, known: bool = False) -> None:
        key = org_key(name)
        cluster = self._org_keys.get(key)
        if cluster is None:
            cluster = self._org_keys[key] = _Cluster("organization")
            self.orgs.append(cluster)
        cluster.spellings[name] += 1
        cluster.known |= known
        if where is not None and where < cluster.first:
            cluster.first = where
        self._org_matcher = None

    def merge_short_orgs(self) -> None:
        """ "Joint Working Group" joins "Joint Working Group on critical minerals" when that is
        the only longer name it begins."""
        extending: dict[str, list[_Cluster]] = {}  # a name's key -> the longer names it begins
        for c in self.orgs:
            words = org_key(c.best()).split()
            for n in range(1, len(words)):
                extending.setdefault(" ".join(words[:n]), []).append(c)
        for c in list(self.orgs):
            longer = extending.get(org_key(c.best()), [])
            if len(longer) == 1 and not c.known and longer[0] in self.orgs:
                longer[0].spellings.update({s: 0 for s in c.spellings})
                longer[0].aliases |= set(c.spellings) | c.aliases
                longer[0].first = min(longer[0].first, c.first)
                self.orgs.remove(c)
        self._org_matcher = None

    def org_forms(self, c: _Cluster) -> list[str]:
        return sorted(set(c.spellings) | c.aliases, key=lambda f: (-len(f), f))

    def organization(self, text: str) -> _Cluster | None:
        """The first organization ``text`` names, else None."""
        if self._org_matcher is None:
            self._org_matcher = self.matcher(people=False)
        found = self._org_matcher.find(text)
        return self.orgs[found[0][2]] if found else None


def gather(
    articles: Sequence[Article],
    known_people: Sequence[tuple[str, str, Sequence[str]]] = (),
    known_orgs: Sequence[tuple[str, str, Sequence[str]]] = (),
) -> Index:
    """Every person and organization ``articles`` name: the gazetteers' entries (name, role,
    aliases) first, then what the patterns find, in article order."""
    index = Index()
    for name, role, aliases in known_people:
        c = index.add_person(name, known=True)
        if c is not None:
            c.known_role = role
            c.aliases |= set(aliases)
    for name, _role_text, aliases in known_orgs:
        index.add_org(name, known=True)
        index.orgs[-1].aliases |= set(aliases)
    for pos, a in enumerate(articles):
        for s in a.sentences:
            if s.kind == "heading":
                continue
            for role, name, at in people_with_roles(s.text):
                index.add_person(name, role, (pos, s.start + at))
            for name, at in org_names(s.text):
                index.add_org(name, (pos, s.start + at))
    index.merge_short_orgs()
    by_form = {org_key(f): c for c in index.orgs for f in index.org_forms(c)}
    for a in articles:
        for acronym, expansion in acronyms(a.text).items():
            if (c := by_form.get(org_key(expansion))) is not None:
                c.aliases.add(acronym)
    return index


# ---------------------------------------------------------------------------- listing


def entity_list(
    index: Index,
    kind: str,
    items: Sequence[Item],
    articles: Sequence[Article],
    limit: int,
    quoted: Iterable[str] = (),
) -> tuple[Entity, ...]:
    """The people (``kind`` "person") or organizations the brief lists, the most named first:
    named in an item or its supporting sentences, in ``MIN_SOURCES`` articles, in the
    gazetteer, or (people) among ``quoted`` speakers; at most ``limit``."""
    people = kind == "person"
    clusters = index.people if people else index.orgs
    matcher = index.matcher(people)
    quoted = set(quoted)
    cited: dict[str, list[tuple[int, int]]] = {}
    for it in items:
        for sp in it.spans:
            cited.setdefault(sp.article, []).append((sp.start, sp.end))
    # one pass over every article: each name's mentions, per article in brief order
    found: dict[int, dict[str, list[tuple[int, int]]]] = {}
    in_cited: set[int] = set()
    for a in articles:
        for lo, hi, ident in matcher.find(a.text):
            found.setdefault(ident, {}).setdefault(a.id, []).append((lo, hi))
            if any(s <= lo and hi <= e for s, e in cited.get(a.id, ())):
                in_cited.add(ident)
    mentioned: dict[int, list[int]] = {}
    for n, it in enumerate(items):
        for ident in dict.fromkeys(i for _, _, i in matcher.find(it.text)):
            mentioned.setdefault(ident, []).append(n)
    texts = {a.id: a.text for a in articles}
    out: list[tuple[tuple[int, int, tuple[int, int]], Entity]] = []
    for ident, per_article in found.items():
        c = clusters[ident]
        best = c.best()
        named = {art: spans[0] for art, spans in per_article.items()}
        for art, spans in per_article.items():  # the shown spelling, where an article has it
            named[art] = next((sp for sp in spans if texts[art][sp[0] : sp[1]] == best), spans[0])
        # the first source is one whose text spells the shown name (what verify checks)
        first = next((art for art, (lo, hi) in named.items() if texts[art][lo:hi] == best), None)
        if first is None:
            continue
        order = [first] + [art for art in named if art != first]
        items_of = tuple(mentioned.get(ident, ()))
        if not (items_of or ident in in_cited or len(order) >= MIN_SOURCES or c.known):
            if best not in quoted:
                continue
        # the other spellings the cited articles use (an organization's case is not one), and
        # the acronyms and gazetteer aliases
        written = {texts[art][lo:hi] for art, spans in per_article.items() for lo, hi in spans}
        written |= c.aliases - set(c.spellings)
        seen: dict[str, str] = {}
        for f in sorted(written):
            seen.setdefault(f if people else f.casefold(), f)
        own = best if people else best.casefold()
        entity = Entity(
            kind="person" if people else "organization",
            name=best,
            role=best_role(c) if people else "",
            aliases=tuple(sorted((f for k, f in seen.items() if k != own), key=str.casefold)),
            sources=tuple(order),
            spans=tuple(Span(art, *named[art]) for art in order),
            items=items_of,
        )
        out.append(((-len(items_of), -len(order), c.first), entity))
    out.sort(key=lambda pair: pair[0])
    return tuple(e for _, e in out[:limit])


def best_role(c: _Cluster) -> str:
    """The role the articles give most often (the longer on a tie), else the gazetteer's."""
    if not c.roles:
        return c.known_role
    folded: Counter[str] = Counter()
    spelled: dict[str, str] = {}
    for role, n in c.roles.items():
        folded[role.casefold()] += n
        spelled.setdefault(role.casefold(), role)
    best = min(folded, key=lambda r: (-folded[r], -len(r), r))
    return spelled[best]
