"""Agency credits read from removed credit lines: evidence for counting independent reports."""

from __future__ import annotations

from briefgen.text import agency_credits, clean_text
from briefgen.text.credits import Credits, read_credits


def test_credits_from_the_usual_credit_shapes():
    removed = (
        "Based On ANI Report",
        "(Reuters)",
        "OSLO, Mar 3 (Harbour Wire) -",
        "(With inputs from PTI)",
        "(Reporting by Ana Lima; Editing by Tom Hale)",
        "Share this article",
        "(With inputs from agencies)",
    )
    assert agency_credits(removed) == ("ani", "reuters", "harbour wire", "pti")


def test_no_credit_lines_no_credits():
    assert agency_credits(()) == ()
    assert agency_credits(("Also Read: Ports reopen after the storm",)) == ()


def test_clean_text_then_credits_end_to_end():
    raw = (
        "LISBON, Mar 3 (Reuters) - Port workers ended their strike on Tuesday after a pay deal.\n\n"
        "Cargo handling will resume on Wednesday, the union said. (Reuters)\n"
    )
    cleaned = clean_text(raw)
    assert "Reuters" not in cleaned.text
    assert agency_credits(cleaned.removed) == ("reuters",)


def test_real_world_credit_variants_are_normalized():
    removed = (
        "New Delhi [India], January 17 (ANI):",
        "(With inputs from Press Trust of India and Reuters)",
        "-- IANS",
        "PARIS (Agence France-Presse) -",
        "(AFP)",
        "(dpa)",
    )
    assert agency_credits(removed) == ("ani", "pti", "reuters", "ians", "afp", "dpa")


def test_acronyms_captions_and_other_removed_lines_credit_no_one():
    removed = (
        "Also Read: How Artificial Intelligence (AI) Will Change Ports",  # a link, not a credit
        "Photo: Cranes at dawn (Getty Images)",
        "Workers unload containers at the port (Representational Image)",
        "Andhra Pradesh (AP) -",  # a dateline-shaped acronym definition
        "JWG (Joint Working Group):",
        "Advertisement",
        "Also Read: Panel seeks inputs from States",
        "(With inputs from agencies)",
    )
    assert agency_credits(removed) == ()


def test_acronym_definitions_in_the_text_stay_text_and_are_not_credits():
    raw = (
        "The ministers launched a dialogue on Artificial Intelligence (AI) on Monday.\n\n"
        "They set up a Joint Working Group (JWG) on minerals, the Ministry of External "
        "Affairs (MEA) said.\n\n"
        "Also Read: Artificial Intelligence (AI) Rules For Ports\n"
    )
    cleaned = clean_text(raw)
    assert "(AI)" in cleaned.text and "(JWG)" in cleaned.text and "(MEA)" in cleaned.text
    assert agency_credits(cleaned.removed) == ()


def test_retold_when_an_agency_is_only_the_basis_of_the_text():
    assert read_credits(("Based on a Reuters report",)) == Credits(("reuters",), retold=True)
    assert read_credits(("(With inputs from PTI)",)).retold
    # a carrier: the agency's own text, tagged, datelined or from a syndicated feed
    assert not read_credits(("(With inputs from PTI)", "(ANI)")).retold
    assert not read_credits(("LISBON, Mar 3 (Reuters) -",)).retold
    assert not read_credits(("(Harbour Wire)",)).retold
    assert read_credits(("(With inputs from agencies)",)) == Credits()


def test_publisher_from_syndication_disclaimers():
    old = (
        "(Except for the headline, this story has not been edited by Example Times staff and is "
        "published from a syndicated feed.)"
    )
    auto = "(This story has not been edited by The Quay Post staff and is auto-generated from a syndicated feed.)"
    assert read_credits((old,)) == Credits(publisher="Example Times")
    assert read_credits((auto,)).publisher == "The Quay Post"
    assert read_credits(("This story is auto-generated from a wire service feed.",)) == Credits()
