"""Agency credits read from removed credit lines: evidence for counting independent reports."""

from __future__ import annotations

from briefgen.text import agency_credits, clean_text


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
