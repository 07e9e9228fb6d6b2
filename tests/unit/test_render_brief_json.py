"""The brief JSON read back into the model: brief_from_dict inverts brief_to_dict."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefgen.model import Article, Brief, Discrepancy, Event, Item, Section, Span, Version
from briefgen.render.brief_json import (
    BriefJsonError,
    brief_from_dict,
    brief_from_json,
    brief_to_dict,
    brief_to_json,
)
from briefgen.render.specimen import specimen_brief


def stored(brief: Brief) -> Brief:
    """What the JSON keeps of ``brief``: all but the articles' text and sentences, and meta."""
    return replace(
        brief,
        articles=tuple(replace(a, text="", sentences=()) for a in brief.articles),
        meta=(),
    )


def rounded(it: Item) -> Item:
    """The JSON rounds scores to 6 places."""
    return replace(
        it,
        score=round(it.score, 6),
        components=tuple((k, round(v, 6)) for k, v in it.components),
        article_relevance=round(it.article_relevance, 6),
    )


def test_specimen_round_trip_gives_back_items_sources_spans_and_articles():
    b = specimen_brief()
    back = brief_from_dict(brief_to_dict(b))
    assert back.articles == stored(b).articles
    assert back.key_points == tuple(rounded(it) for it in b.key_points)
    assert [(s.theme, s.title, s.description) for s in back.sections] == [
        (s.theme, s.title, s.description) for s in b.sections
    ]
    assert [s.items for s in back.sections] == [
        tuple(rounded(it) for it in s.items) for s in b.sections
    ]
    assert (back.title, back.date, back.audience, back.handling, back.build_id, back.generated) == (
        b.title,
        b.date,
        b.audience,
        b.handling,
        b.build_id,
        b.generated,
    )
    assert back.articles[1].copy_of == "a01" and back.articles[0].copy_of == ""
    assert back.key_points[0].spans[1] == Span("a02", 0, len(b.key_points[0].text))


def test_specimen_round_trip_keeps_kind_discrepancies_glossary_relevance_and_sourcing():
    b = specimen_brief()
    back = brief_from_dict(brief_to_dict(b))
    assert back.sections[0].items[0].kind == "analysis"
    versions = back.key_points[1].discrepancies[0].versions
    assert [(v.values, v.sources) for v in versions] == [
        (("40%",), ("a03", "a04")),
        (("30%",), ("a07",)),
    ]
    assert versions[1].spans == b.key_points[1].discrepancies[0].versions[1].spans
    assert back.key_points[0].glossary == (("JWG", "Joint Working Group"),)
    assert back.key_points[0].matched == ("critical minerals", "working group")
    assert back.key_points[0].article_relevance == 0.82
    assert [a.source_origin for a in back.articles] == [a.source_origin for a in b.articles]
    assert [a.id for a in back.articles if a.retold] == ["a06"]


def test_version_citations_are_numbered_like_every_citation():
    d = brief_to_dict(specimen_brief())
    versions = d["key_points"][1]["discrepancies"][0]["versions"]
    assert [v["citations"] for v in versions] == [[3, 4], [7]]
    assert d["key_points"][1]["relevance"] == {
        "matched": ["ai", "compute"],
        "article_relevance": 0.64,
    }


def test_the_window_and_article_times_are_written_and_read_back():
    b = specimen_brief()
    feed = replace(
        b.articles[0],
        published_at=datetime(2026, 4, 12, 6, 0, tzinfo=timezone(timedelta(hours=-5))),
        date_origin="feed",
    )
    b = replace(
        b,
        articles=(feed, *b.articles[1:]),
        window=("2026-04-11T07:00:00+00:00", "2026-04-12T07:00:00+00:00"),
    )
    d = brief_to_dict(b)
    assert d["window"] == {"start": "2026-04-11T07:00:00+00:00", "end": "2026-04-12T07:00:00+00:00"}
    first, _, _, undated, *_ = d["articles"]
    assert (first["published_at"], first["date_origin"]) == ("2026-04-12T06:00:00-05:00", "feed")
    assert (undated["published_at"], undated["date_origin"]) == (None, None)
    back = brief_from_dict(d)
    assert (back.window, back.articles[0].published_at, back.articles[0].date_origin) == (
        b.window,
        feed.published_at,
        "feed",
    )
    assert brief_to_dict(specimen_brief())["window"] is None


def test_specimen_json_text_is_a_fixed_point():
    text = brief_to_json(specimen_brief())
    assert brief_to_json(brief_from_json(text)) == text


# --------------------------------------------------------------------------- any brief

ids = st.sampled_from([f"a{n:02d}" for n in range(1, 6)])
words = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
scores = st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 6))
days = st.dates(date(1900, 1, 1), date(2100, 12, 31))
offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
times = st.datetimes(datetime(1900, 1, 2), datetime(2100, 12, 30), timezones=offsets)
windows = st.just(("", "")) | st.tuples(times, times).map(
    lambda w: (w[0].isoformat(), w[1].isoformat())
)
articles = st.builds(
    Article,
    id=ids,
    path=words,
    title=words,
    source=words,
    url=words,
    published=st.none() | days,
    author=words,
    text=st.just(""),
    copy_of=st.just("") | ids,
    credits=st.lists(words, max_size=2).map(tuple),
    source_origin=st.sampled_from(["metadata", "credit", "unknown"]),
    retold=st.booleans(),
    published_at=st.none() | times,
    date_origin=st.sampled_from(["article", "feed", "fetched", ""]),
    content_hash=st.just("") | st.text("0123456789abcdef", min_size=64, max_size=64),
)


@st.composite
def briefs(draw: st.DrawFn) -> Brief:
    # an item cites only articles the brief lists, each listed once (brief_to_dict numbers them)
    listed = draw(st.lists(articles, max_size=4, unique_by=lambda a: a.id).map(tuple))
    cited = st.lists(st.sampled_from([a.id for a in listed]), max_size=3) if listed else st.just([])
    spans = st.builds(Span, ids, st.integers(0, 10_000), st.integers(0, 10_000))
    # a version may name articles the brief does not list: it still reads back as written
    versions = st.builds(
        Version,
        values=st.lists(words, max_size=2).map(tuple),
        text=words,
        sources=st.lists(ids, max_size=3).map(tuple),
        spans=st.lists(spans, max_size=3).map(tuple),
    )
    discrepancies = st.builds(
        Discrepancy,
        kind=st.sampled_from(["number", "date", "name"]) | words,
        versions=st.lists(versions, max_size=3).map(tuple),
    )
    items = st.builds(
        Item,
        text=words,
        theme=words,
        sources=cited.map(tuple),
        spans=st.lists(spans, max_size=3).map(tuple),
        score=scores,
        components=st.dictionaries(words, scores, max_size=3).map(lambda d: tuple(d.items())),
        independent=st.integers(0, 5),
        kind=st.sampled_from(["news", "analysis"]),
        discrepancies=st.lists(discrepancies, max_size=2).map(tuple),
        glossary=st.lists(st.tuples(words, words), max_size=3).map(tuple),
        matched=st.lists(words, max_size=3).map(tuple),
        article_relevance=scores,
        novelty=st.sampled_from(["new", "developing", ""]),
        seen=st.just("") | days.map(date.isoformat),
        confidence=words,
        dates=st.lists(st.tuples(words, words), max_size=2).map(tuple),
    )
    # an event, like a version, may name articles the brief does not list
    events = st.builds(
        Event,
        when=words,
        label=words,
        text=words,
        sources=st.lists(ids, max_size=3).map(tuple),
        spans=st.lists(spans, max_size=3).map(tuple),
        upcoming=st.booleans(),
    )
    sections = st.builds(
        Section, words, words, st.lists(items, max_size=3).map(tuple), description=words
    )
    return Brief(
        title=draw(words),
        date=draw(days),
        sections=draw(st.lists(sections, max_size=3).map(tuple)),
        articles=listed,
        key_points=draw(st.lists(items, max_size=2).map(tuple)),
        audience=draw(words),
        handling=draw(words),
        build_id=draw(words),
        generated=draw(words),
        window=draw(windows),
        timeline=draw(st.lists(events, max_size=3).map(tuple)),
        meta=draw(st.just(()) | days.map(lambda d: (("previous_brief", d.isoformat()),))),
    )


@given(briefs())
def test_any_brief_survives_the_json(b):
    assert brief_from_json(brief_to_json(b)) == b


# --------------------------------------------------------------------------- not a brief


def specimen_dict() -> dict:
    return json.loads(brief_to_json(specimen_brief()))


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.pop("sections"), "sections: missing"),
        (lambda d: d.update(date="12 April"), "date: not a date: '12 April'"),
        (lambda d: d.update(articles={}), "articles: expected a list, got an object"),
        (
            lambda d: d["sections"][0]["items"][0]["spans"][0].update(start="0"),
            "sections[0].items[0].spans[0].start: expected an integer, got a string '0'",
        ),
        (
            lambda d: d["key_points"][1].update(sources=["a03", 4]),
            "key_points[1].sources[1]: expected a string, got a number 4",
        ),
        (
            lambda d: d["articles"][2].update(published=True),
            "articles[2].published: expected a string, got a boolean True",
        ),
        (lambda d: d["articles"][0].pop("url"), "articles[0].url: missing"),
        (
            lambda d: d["articles"][1].update(published_at="2026-04-12T06:00:00"),
            "articles[1].published_at: no UTC offset: '2026-04-12T06:00:00'",
        ),
        (
            lambda d: d["articles"][1].update(published_at="at dawn"),
            "articles[1].published_at: not a date and time: 'at dawn'",
        ),
        (
            lambda d: d["articles"][1].update(date_origin="guess"),
            "articles[1].date_origin: expected one of 'article', 'feed', 'fetched', '', "
            "got 'guess'",
        ),
        (lambda d: d.update(window=[]), "window: expected an object, got a list"),
        (
            lambda d: d.update(window={"start": "2026-04-12T00:00:00+00:00"}),
            "window: expected a start and an end",
        ),
        (
            lambda d: d["sections"][0]["items"][0].update(kind="opinion"),
            "sections[0].items[0].kind: expected one of 'news', 'analysis', got 'opinion'",
        ),
        (
            lambda d: d["articles"][3].update(source_origin="guess"),
            "articles[3].source_origin: expected one of 'metadata', 'credit', 'unknown', "
            "got 'guess'",
        ),
        (
            lambda d: d["articles"][5].update(retold="yes"),
            "articles[5].retold: expected true or false, got a string 'yes'",
        ),
        (
            lambda d: d["key_points"][1]["discrepancies"][0]["versions"][1].pop("text"),
            "key_points[1].discrepancies[0].versions[1].text: missing",
        ),
        (
            lambda d: d["key_points"][0]["glossary"][0].update(term=None),
            "key_points[0].glossary[0].term: expected a string, got null",
        ),
        (
            lambda d: d["key_points"][0].update(relevance=[]),
            "key_points[0].relevance: expected an object, got a list",
        ),
    ],
)
def test_a_json_that_is_not_a_brief_names_the_key(change, message):
    data = specimen_dict()
    change(data)
    with pytest.raises(BriefJsonError) as e:
        brief_from_dict(data)
    assert str(e.value) == message


def test_keys_with_a_model_default_may_be_absent():
    data = specimen_dict()
    for key in ("audience", "handling", "build_id", "generated", "key_points"):
        del data[key]
    for a in data["articles"]:
        del a["copy_of"], a["credits"]
    b = brief_from_dict(data)
    assert (b.audience, b.key_points, b.articles[1].copy_of) == ("", (), "")


def test_a_brief_json_from_before_kinds_discrepancies_and_origins_still_reads():
    data = specimen_dict()
    for it in [*data["key_points"], *(i for s in data["sections"] for i in s["items"])]:
        for key in ("kind", "discrepancies", "glossary", "relevance"):
            del it[key]
    for a in data["articles"]:
        del a["source_origin"], a["retold"], a["published_at"], a["date_origin"]
    del data["window"]
    b = brief_from_dict(data)
    assert b.window == ("", "") and {(a.published_at, a.date_origin) for a in b.articles} == {
        (None, "")
    }
    items = [*b.key_points, *(i for s in b.sections for i in s.items)]
    assert {
        (i.kind, i.discrepancies, i.glossary, i.matched, i.article_relevance) for i in items
    } == {("news", (), (), (), 0.0)}
    # before source_origin, an article's source came from its metadata or was empty
    assert [a.source_origin for a in b.articles] == [
        "unknown" if not a.source else "metadata" for a in b.articles
    ]
    assert not any(a.retold for a in b.articles)


def test_novelty_and_the_previous_brief_round_trip_and_default_when_absent():
    b = specimen_brief()
    kp = replace(b.key_points[0], novelty="developing", seen="2026-11-20")
    marked = replace(
        b, key_points=(kp, *b.key_points[1:]), meta=(("previous_brief", "2026-11-22"),)
    )
    data = json.loads(brief_to_json(marked))
    first, second = data["key_points"][:2]
    assert (data["previous_brief"], first["novelty"], first["seen"]) == (
        "2026-11-22",
        "developing",
        "2026-11-20",
    )
    assert (second["novelty"], second["seen"]) == ("", None)
    back = brief_from_dict(data)
    assert (back.key_points[0].novelty, back.key_points[0].seen, back.meta) == (
        "developing",
        "2026-11-20",
        (("previous_brief", "2026-11-22"),),
    )
    for it in data["key_points"]:
        del it["novelty"], it["seen"]
    del data["previous_brief"]
    old = brief_from_dict(data)
    assert (old.key_points[0].novelty, old.key_points[0].seen, old.meta) == ("", "", ())


def test_content_hashes_and_confidence_round_trip_and_default_when_absent():
    b = specimen_brief()
    kp = replace(b.key_points[0], confidence="corroborated: 2 independent reports")
    first = replace(b.articles[0], content_hash="ab" * 32)
    marked = replace(b, key_points=(kp, *b.key_points[1:]), articles=(first, *b.articles[1:]))
    data = json.loads(brief_to_json(marked))
    assert data["key_points"][0]["confidence"] == "corroborated: 2 independent reports"
    assert data["articles"][0]["content_hash"] == "ab" * 32
    back = brief_from_dict(data)
    assert back.key_points[0].confidence == "corroborated: 2 independent reports"
    assert back.articles[0].content_hash == "ab" * 32
    data["key_points"][0].pop("confidence")
    data["articles"][0].pop("content_hash")
    old = brief_from_dict(data)
    assert (old.key_points[0].confidence, old.articles[0].content_hash) == ("", "")


def test_timeline_and_item_dates_round_trip_and_default_when_absent():
    b = specimen_brief()
    a = b.articles[0].id
    event = Event("2026-H1", "first half of 2026", "It meets.", (a,), (Span(a, 0, 9),), True)
    kp = replace(b.key_points[0], dates=(("on Saturday", "2026-01-17"),))
    marked = replace(b, key_points=(kp, *b.key_points[1:]), timeline=(event,))
    data = json.loads(brief_to_json(marked))
    assert data["timeline"][0]["citations"] == [1]
    assert data["key_points"][0]["dates"] == [{"expression": "on Saturday", "value": "2026-01-17"}]
    back = brief_from_dict(data)
    assert (back.timeline, back.key_points[0].dates) == ((event,), kp.dates)
    data.pop("timeline")
    data["key_points"][0].pop("dates")
    old = brief_from_dict(data)
    assert (old.timeline, old.key_points[0].dates) == ((), ())
