"""A synthetic but realistic news day of N articles, written as Markdown files with front matter.

    python benchmarks/synth.py OUT_DIR --articles 2000 [--seed 12]

Deterministic for a given (N, seed). Stories are drawn across the four built-in themes (AI,
critical minerals, economic security, geopolitics) and off-theme news (sport, weather, health,
courts, culture, local politics); each story has its own invented people, places, companies and
figures, and its sentences are composed from clause templates and word lists, so no two stories
read alike. A story is told by one to several outlets in their own words; an agency story is
also carried verbatim by other outlets (some without the dateline, some with the last paragraph
cut or their own closing line), and retold by others crediting the agency ("Based on ANI
report"). Lengths vary from a short brief to a long feature.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

SYL = "ka lo mi ra ven tor sa li dun mar bel os ti qua ner fa ro zel han pi do ru ge shi an".split()
AGENCIES = ["Reuters", "AP", "AFP", "ANI", "PTI", "DPA", "Xinhua", "Kyodo", "Yonhap", "IANS"]
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
COUNTRIES = (
    "Japan Canada India Brazil Germany France Kenya Chile Peru Indonesia Vietnam Australia "
    "Mexico Nigeria Poland Spain Italy Korea Turkey Egypt Norway Sweden Ghana Argentina "
    "Morocco Kazakhstan Mongolia Philippines Thailand Malaysia Colombia Finland Portugal"
).split()
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()

# Per theme: lead clauses, detail clauses, the things it is about, who acts.
THEMES: dict[str, dict[str, list[str]]] = {
    "ai": {
        "thing": "language model|chip design tool|image generator|coding assistant|speech "
        "recognition system|safety benchmark|inference cluster|data centre|robotics platform|"
        "translation model".split("|"),
        "actor": "regulator|research lab|startup|cloud provider|standards body|university "
        "consortium|chipmaker|ministry of digital affairs".split("|"),
        "lead": [
            "{org} released a new {thing} that it says cuts computing costs by {pct} percent",
            "{country} unveiled rules requiring every {thing} developer to publish test results",
            "the {actor} {org} raised {money} to expand its {thing} work in {city}",
            "{org} and {org2} agreed to share safety evaluations of their {thing} before launch",
            "lawmakers in {country} approved a bill on the use of the {thing} in public services",
        ],
        "detail": [
            "the {thing} was trained on {num} million documents licensed from publishers",
            "engineers at {org} said the system had been tested by {num} outside researchers",
            "the {actor} will review models above a compute threshold every {few} months",
            "critics warned that the {thing} could spread errors faster than people can check them",
            "{org} said about {pct} percent of its customers already use the {thing} daily",
            "the company plans to open a second {thing} site near {city} next year",
            "an audit found the {thing} failed {num} of the {num2} tasks set by the {actor}",
            "the rules give developers {few} months to label content made by a machine",
        ],
    },
    "minerals": {
        "thing": "lithium|cobalt|graphite|nickel|rare earths|copper|gallium|germanium|manganese|"
        "tungsten".split("|"),
        "actor": "mining company|refiner|battery maker|state miner|smelter|exploration firm|"
        "magnet producer|trading house".split("|"),
        "lead": [
            "{org} signed a deal to supply {thing} from a new mine in {country} to {org2}",
            "{country} announced export licences for {thing} and related processing technology",
            "the {actor} {org} will build a {thing} refinery near {city} costing {money}",
            "{thing} prices fell for a {ordinal} week as new supply from {country} reached markets",
            "{country} and {country2} formed a working group on {thing} processing and recycling",
        ],
        "detail": [
            "the plant is expected to process {num} thousand tonnes of {thing} a year from {year}",
            "{country2} accounts for roughly {pct} percent of global {thing} refining capacity",
            "the {actor} said offtake contracts covered most of the first {few} years of output",
            "analysts said the {thing} market had swung from shortage to surplus in {few} months",
            "local communities near {city} asked for water studies before drilling starts",
            "the financing combines loans, equity stakes and price guarantees worth {money}",
            "stockpiles of {thing} held by manufacturers have fallen to about {num} days of use",
        ],
    },
    "economic": {
        "thing": "semiconductor equipment|port terminals|telecom networks|pharmaceutical "
        "ingredients|solar panels|steel|satellite components|undersea cables|fertiliser|"
        "batteries".split("|"),
        "actor": "trade ministry|investment screening board|customs agency|export control "
        "office|competition authority|development bank".split("|"),
        "lead": [
            "{country} tightened export controls on {thing} citing national security",
            "the {actor} of {country} blocked a bid by {org} for a maker of {thing}",
            "{country} and {country2} agreed to coordinate screening of investment in {thing}",
            "{org} said new tariffs on {thing} would cost it about {money} this year",
            "the {actor} opened an inquiry into subsidised imports of {thing} from {country2}",
        ],
        "detail": [
            "the measures cover {num} product categories and take effect on {month} {day}",
            "officials said the list of {thing} suppliers would be reviewed every {few} months",
            "imports of {thing} from {country2} rose {pct} percent in the first half",
            "business groups warned that delays at customs could raise prices for buyers",
            "the {actor} said it had received {num} notifications of foreign deals since {year}",
            "companies will need a licence to ship {thing} to {num} listed end users",
            "the government will set aside {money} to help firms find new suppliers",
        ],
    },
    "geopolitics": {
        "thing": "border talks|naval exercises|ceasefire|sanctions package|summit|defence "
        "pact|peace plan|maritime patrols|prisoner exchange|arms deal".split("|"),
        "actor": "foreign minister|defence ministry|envoy|coast guard|security council|"
        "parliament".split("|"),
        "lead": [
            "the {actor} of {country} said the {thing} with {country2} would resume next week",
            "{country} and {country2} announced {thing} near the disputed {city} strait",
            "leaders from {num} countries met in {city} to discuss a new {thing}",
            "{country} expelled {few} diplomats from {country2} after the collapse of the {thing}",
            "the {actor} approved a {thing} with {country2} after a {num}-hour debate",
        ],
        "detail": [
            "the {thing} follows months of tension over fishing rights and air patrols",
            "{person}, the {actor}, said talks would focus on {few} points of disagreement",
            "about {num} ships took part, according to officials in {country}",
            "observers from {country2} were invited to the first round in {city}",
            "the {actor} said the {thing} would be reviewed by the end of {month}",
            "analysts said the move signalled a shift in {country}'s regional strategy",
            "the two sides have not held a formal {thing} since {year}",
        ],
    },
    "sport": {
        "thing": "final|derby|tournament|transfer|season opener|title race|qualifier|cup tie".split(
            "|"
        ),
        "actor": "coach|striker|goalkeeper|captain|club chairman|league".split("|"),
        "lead": [
            "{org} won the {thing} {num} to {few} in front of {num2} fans in {city}",
            "the {actor} of {org} was suspended for {few} matches after the {thing}",
            "{org} signed a {actor} from {org2} for {money} before the {thing}",
        ],
        "detail": [
            "the home side scored twice in the last {few} minutes",
            "{person} said the squad had trained for the {thing} for {few} weeks",
            "tickets for the {thing} sold out within {num} minutes",
            "the club has not lost at home since {month} {year}",
        ],
    },
    "weather": {
        "thing": "storm|heatwave|flood|drought|snowfall|wildfire|landslide|cold snap".split("|"),
        "actor": "weather service|fire brigade|civil protection agency|mayor".split("|"),
        "lead": [
            "a {thing} closed roads and schools across the region around {city}",
            "the {actor} issued a red warning as the {thing} moved towards {city}",
            "{num} homes were evacuated near {city} because of the {thing}",
        ],
        "detail": [
            "rainfall reached {num} millimetres in {few} hours at one station",
            "the {actor} said the {thing} would ease by {day2}",
            "crews restored power to {num} households overnight",
            "farmers reported losses of about {money} after the {thing}",
        ],
    },
    "health": {
        "thing": "vaccine|clinic|hospital wing|screening programme|drug trial|measles outbreak|"
        "nurses strike".split("|"),
        "actor": "health ministry|hospital board|medicines regulator|nurses union".split("|"),
        "lead": [
            "the {actor} approved a {thing} for patients over {num} years old",
            "a {thing} in {city} has affected {num} people, the {actor} said",
            "{org} opened a new {thing} in {city} with {num} beds",
        ],
        "detail": [
            "waiting times at the {thing} fell by {pct} percent this year",
            "{person} of the {actor} urged parents to check their children's records",
            "the {thing} will cost {money} over {few} years",
        ],
    },
    "local": {
        "thing": "cycle lanes|library|housing plan|bus route|school budget|market square|"
        "parking fees|bridge repair".split("|"),
        "actor": "city council|mayor|residents association|planning committee".split("|"),
        "lead": [
            "the {actor} of {city} voted {num} to {few} to approve the {thing}",
            "residents of {city} protested against the {thing} outside the town hall",
            "the {actor} said the {thing} in {city} would be delayed until {year}",
        ],
        "detail": [
            "the {thing} is expected to cost {money}",
            "{person} said {num} people had signed a petition against the {thing}",
            "work on the {thing} will start in {month}",
        ],
    },
}
# Generic clauses, composed: subject + verb + object + when (thousands of combinations).
SUBJECTS = (
    "the government|opposition lawmakers|investors|the agency|local officials|industry groups|"
    "the company's board|regional leaders|economists|trade unions|residents|the finance ministry|"
    "shareholders|consumer groups|the auditors|neighbouring states".split("|")
)
VERBS = (
    "expect|have questioned|plan to review|welcomed|criticised|are studying|will publish|"
    "have delayed|asked for|backed|rejected|want changes to".split("|")
)
OBJECTS = (
    "the timetable|the cost estimates|a second phase|the impact on prices|an independent review|"
    "the funding formula|new safeguards|the final terms|a public consultation|the data behind the "
    "decision|the {thing} plan|the role of {org}|the agreement with {country2}".split("|")
)
WHEN = ["", " before the end of the year", " within weeks", " by {month}", " next {weekday}"]
WHEN += [" in {year}", " after the election", " this week", " once the figures are in"]
# Slots that name something of this story alone (invented names, figures): a clause without
# one is set in the story's place or company, or every story of a theme would repeat it (as
# real news does not: two stories' sentences differ in what they are about, not only in an
# outlet's attribution at the end), and often gets an attribution tail as well.
_STORY_SLOTS = ("{org}", "{org2}", "{city}", "{person}", "{money}", "{num2}")
_STORY_SETTINGS = ["in {city}, ", "at {org}, ", "for {org2}, ", "around {city}, "]
_STORY_TAILS = ["", " in {city}", ", {person} said", " at {org}", ", according to {org2}"]
_STORY_TAILS += [" in talks with {org2}", " near {city}", ", {person} told reporters"]
OPENERS = ["", "", "", "On {weekday}, ", "Officials said ", "In a statement, ", "Separately, "]
ATTRIBUTION = ["", "", "", ", {person} said", ", according to {org}", ", officials said"]
QUOTES = [
    '"We are moving faster than anyone expected," said {person}, a {role} at {org}.',
    '"This is a test of whether we can work together," {person} told reporters in {city}.',
    '"Nobody should pretend the risks are small," said {person} of {org}.',
    '"The next {few} months will decide it," {person} said.',
]
ROLES = "spokeswoman|spokesman|senior analyst|director|professor|chief economist|manager".split("|")
ENDINGS = [
    "Follow {outlet} for more updates on this story.",
    "This report was updated with comments from {org}.",
    "{outlet} has asked {org} for further comment.",
]
OUTLET_WORDS = (
    "Times Post Herald Ledger Courier Dispatch Gazette Review Tribune Chronicle Observer "
    "Journal Bulletin Standard Mirror Monitor Record Sentinel Express Daily"
).split()


def _name(rng: random.Random, parts: tuple[int, int] = (2, 3)) -> str:
    return "".join(rng.choice(SYL) for _ in range(rng.randint(*parts))).capitalize()


@dataclass
class Story:
    theme: str
    facts: dict[str, str]
    agency: str  # "" when no agency carries it


def _facts(rng: random.Random, theme: str) -> dict[str, str]:
    spec = THEMES[theme]
    c1, c2 = rng.sample(COUNTRIES, 2)
    return {
        "org": f"{_name(rng)} {rng.choice(['Group', 'Labs', 'Corp', 'Holdings', 'Systems', 'FC'])}",
        "org2": f"{_name(rng)} {rng.choice(['Resources', 'Partners', 'Industries', 'United'])}",
        "country": c1,
        "country2": c2,
        "city": _name(rng),
        "person": f"{_name(rng, (2, 2))} {_name(rng)}",
        "thing": rng.choice(spec["thing"]),
        "actor": rng.choice(spec["actor"]),
        "num": str(rng.randint(12, 950)),
        "num2": str(rng.randint(1_000, 60_000)),
        "few": str(rng.randint(2, 9)),
        "pct": str(rng.randint(3, 85)),
        "money": f"${rng.randint(2, 900)} {rng.choice(['million', 'billion'])}",
        "year": str(rng.randint(2019, 2031)),
        "month": rng.choice(MONTHS),
        "day": str(rng.randint(1, 28)),
        "day2": rng.choice(DAYS),
        "weekday": rng.choice(DAYS),
        "ordinal": rng.choice(["second", "third", "fourth", "fifth"]),
        "role": rng.choice(ROLES),
    }


def _fill(template: str, facts: dict[str, str], rng: random.Random) -> str:
    local = dict(facts)
    # a detail sentence sometimes names a second person or figure of its own
    if rng.random() < 0.3:
        local["person"] = f"{_name(rng, (2, 2))} {_name(rng)}"
    if rng.random() < 0.4:
        local["num"] = str(rng.randint(2, 990))
    return template.format(**local)


def _sentence(clause: str, facts: dict[str, str], rng: random.Random) -> str:
    opener = rng.choice(OPENERS)
    if not any(slot in clause for slot in _STORY_SLOTS):
        # no generic sentence is shared by unrelated stories: the thing or the actor is this
        # story's own ("the Faan summit", "the regulator of Lokaos Holdings"), else the clause
        # is set in the story's place or company
        if "the {thing}" in clause:
            clause = clause.replace("the {thing}", "the {city} {thing}", 1)
        elif "the {actor}" in clause:
            clause = clause.replace("the {actor}", "the {actor} of {org}", 1)
        else:
            clause, opener = rng.choice(_STORY_SETTINGS) + clause, ""
        clause += rng.choice(_STORY_TAILS)
    text = _fill(opener, facts, rng) + _fill(clause, facts, rng)
    if " said" not in text and "{person}" not in clause:
        text += _fill(rng.choice(ATTRIBUTION), facts, rng)
    return text[0].upper() + text[1:] + "."


def _body(story: Story, rng: random.Random, length: int) -> list[str]:
    """Paragraphs of one outlet's own telling of ``story``."""
    spec, f = THEMES[story.theme], story.facts
    sentences = [_sentence(rng.choice(spec["lead"]), f, rng)]
    other = THEMES[rng.choice(list(THEMES))]  # background from elsewhere in the news
    details = rng.sample(spec["detail"], len(spec["detail"]))  # each at most once
    for _ in range(length - 1):
        r = rng.random()
        if r < 0.1:
            sentences.append(_fill(rng.choice(QUOTES), f, rng))
        elif r < 0.18:
            sentences.append(_sentence(rng.choice(other["detail"]), _facts(rng, story.theme), rng))
        elif details and r < 0.6:
            sentences.append(_sentence(details.pop(), f, rng))
        else:
            where = rng.choice([" in {city}", " at {org}", " of {org2}"])
            clause = rng.choice(SUBJECTS) + where + " " + rng.choice(VERBS) + " "
            clause += rng.choice(OBJECTS)
            sentences.append(_sentence(clause + rng.choice(WHEN), f, rng))
    paragraphs, k = [], 0
    while k < len(sentences):
        step = rng.randint(1, 3)
        paragraphs.append(" ".join(sentences[k : k + step]))
        k += step
    return paragraphs


def _title(story: Story, rng: random.Random) -> str:
    f = story.facts
    return rng.choice(
        [
            f"{f['org']} and the {f['thing']}: what {f['country']} decided",
            f"{f['country']} moves on {f['thing']} as {f['org2']} waits",
            f"{f['thing'].capitalize()} in focus after {f['city']} announcement",
            f"{f['person']} on the {f['thing']} and {f['country2']}",
        ]
    )


def _paraphrase(paragraphs: list[str], rng: random.Random) -> list[str]:
    """A rewrite: some sentences dropped, some reworded, the order of the rest kept."""
    swaps = [(" said", " stated"), (" will ", " is set to "), (" about ", " around ")]
    swaps += [(" new ", " fresh "), (" after ", " following "), (" announced ", " unveiled ")]
    out = []
    for p in paragraphs:
        if out and rng.random() < 0.2:
            continue
        for a, b in swaps:
            if rng.random() < 0.5:
                p = p.replace(a, b)
        out.append(p)
    return out


def _outlet(rng: random.Random) -> str:
    return f"The {_name(rng, (2, 2))} {rng.choice(OUTLET_WORDS)}"


def _front(title: str, outlet: str, day: str, body: list[str]) -> str:
    safe = title.replace('"', "'")
    return f'---\ntitle: "{safe}"\nsource: {outlet}\npublished: {day}\n---\n\n' + "\n\n".join(body)


# The built-in themes a benchmark's brief has a section for, in order.
THEMES_BRIEFED = ("ai", "critical_minerals", "economic_security", "geopolitics")


def articles(n: int, seed: int = 12) -> list[tuple[str, str]]:
    """``n`` (file name, Markdown text) pairs: the day's articles, deterministic in (n, seed)."""
    return [(name, text) for name, text, _ in day(n, seed)]


def day(n: int, seed: int = 12) -> list[tuple[str, str, int]]:
    """``n`` (file name, Markdown text, story number) triples: ``articles`` with the story
    each one tells (its own telling, a wire copy or a rewrite), the truth a benchmark of
    citations checks against (bench_citations.py)."""
    rng = random.Random(seed)
    outlets = [_outlet(rng) for _ in range(400)]
    themes = list(THEMES)
    weights = [5, 5, 5, 5, 2, 2, 1, 2]  # mostly the four themes, some off-theme news
    out: list[tuple[str, str, str, list[str]]] = []
    told: list[int] = []  # per article, its story's number
    while len(out) < n:
        theme = rng.choices(themes, weights)[0]
        story = Story(theme, _facts(rng, theme), rng.choice(AGENCIES) if rng.random() < 0.3 else "")
        date_ = f"2026-03-{rng.choice(['02', '03'])}"
        # own tellings: one to several outlets, each in its own words and length
        for _ in range(1 + int(rng.expovariate(0.8))):
            length = max(3, min(45, int(rng.lognormvariate(2.4, 0.55))))
            body = _body(story, rng, length)
            out.append((_title(story, rng), rng.choice(outlets), date_, body))
        if story.agency:
            f = story.facts
            wire = _body(story, rng, max(4, min(30, int(rng.lognormvariate(2.3, 0.4)))))
            dateline = f"{f['city'].upper()}, {MONTHS[2]} {date_[-1]} ({story.agency}) - "
            title = _title(story, rng)
            carriers = 1 + min(int(rng.expovariate(0.25)), 60)  # now and then dozens of outlets
            for c in range(carriers):
                body = [dateline + wire[0]] + wire[1:]
                r = rng.random()
                if c and r < 0.2:
                    body = [wire[0]] + wire[1:]  # dateline dropped
                elif c and r < 0.4 and len(body) > 3:
                    body = body[:-1]  # last paragraph cut
                elif c and r < 0.55:
                    body = body + [_fill(rng.choice(ENDINGS), {**f, "outlet": "us"}, rng)]
                out.append((title, rng.choice(outlets), date_, body))
            for _ in range(int(rng.expovariate(1.0))):  # rewrites crediting the agency
                body = _paraphrase(wire, rng) + [f"(Based on {story.agency} report)"]
                out.append((_title(story, rng), rng.choice(outlets), date_, body))
        told += [len(set(told))] * (len(out) - len(told))
    files = []
    for i, (title, outlet, date_, body) in enumerate(out[:n]):
        files.append((f"{i:05d}.md", _front(title, outlet, date_, body), told[i]))
    return files


def config(title: str, formats: str = "html, pdf, json", history: bool = True) -> str:
    """A project's briefgen.yaml for the written day: its folder, all four themes."""
    keep = "" if history else "history:\n  enabled: false\n"
    themes = "".join(f"  - theme: {t}\n" for t in THEMES_BRIEFED)
    return (
        f'title: "{title}"\ndate: 2026-03-03\ninputs:\n  - articles\nformats: [{formats}]\n'
        f"{keep}sections:\n{themes}"
    )


def write(out_dir: Path, n: int, seed: int = 12) -> Path:
    """Write the ``n`` articles into ``out_dir`` (created); returns it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in articles(n, seed):
        (out_dir / name).write_text(text, encoding="utf-8")
    return out_dir


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=12)
    args = ap.parse_args(argv)
    write(args.out_dir, args.articles, args.seed)
    print(f"wrote {args.articles} articles to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
