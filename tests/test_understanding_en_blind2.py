"""English wordings from the fifth (blind2) round: neighbouring subjects the guidance does not
hold (podcast episodes, review sites, analyst rankings, lifetime value) are declined, and
everyday words are mapped to the guidance's concepts."""

from __future__ import annotations

import pytest

from assistant.answering import outside_phrases
from assistant.understanding import understand


@pytest.mark.parametrize(
    "question",
    [
        "How many episodes should a season have?",
        "How do we collect more customer reviews from happy clients?",
        "Which review platform should we be listed on, TrustRadius or Trustpilot?",
        "What does it take to be named a leader in the Magic Quadrant?",
        "Should we brief Forrester before their next Wave?",
        "How do we work out LTV for our accounts?",
        "What is a healthy customer lifetime value for a mid-market deal?",
    ],
)
def test_neighbouring_subjects_the_guidance_lacks_are_outside(question: str) -> None:
    assert outside_phrases("en").pattern.search(question)


@pytest.mark.parametrize(
    "question",
    [
        "Do they compare us on review sites at the shortlist stage?",
        "What goes into a regular account review with a customer?",
    ],
)
def test_review_sites_and_account_reviews_stay_in_scope(question: str) -> None:
    assert not outside_phrases("en").pattern.search(question)
    assert understand(question, "en").kind


@pytest.mark.parametrize(
    ("question", "concept"),
    [
        ("How should we slice our contact list for the next campaign?", "segmentation"),
        ("We split our database by country only. Is that enough?", "segmentation"),
        ("Can we embed a video in the newsletter?", "email-forms"),
        ("Is it fine to put the demo video right into the email?", "email-forms"),
        ("Why do animated GIFs freeze in some inboxes?", "basic-html"),
        ("How do we test the template before a big send?", "email-testing"),
        ("Which email clients should we check before sending?", "email-testing"),
    ],
)
def test_everyday_words_reach_the_guidance_concept(question: str, concept: str) -> None:
    assert concept in understand(question, "en").concepts


@pytest.mark.parametrize(
    "question",
    [
        "Zero opens from one big customer since Monday, the rest is fine. What is going on?",
        "We get no clicks at all from a single domain. Why?",
    ],
)
def test_silence_from_one_company_is_quarantine(question: str) -> None:
    assert "quarantine" in understand(question, "en").concepts


def test_what_counts_as_useful_is_high_value_content() -> None:
    u = understand("What counts as useful for a plant manager?", "en")
    assert "high-value-content" in u.concepts


@pytest.mark.parametrize(
    "question",
    [
        "The CFO says there is no budget until next year. Why so strict?",
        "They told us their budget is frozen. What now?",
    ],
)
def test_no_budget_is_the_b2b_buyers_budget_cycle(question: str) -> None:
    assert "budget-cycle" in understand(question, "en").concepts
