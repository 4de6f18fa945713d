"""English wordings from the sixth (blind3) round: neighbouring subjects the guidance does not
hold (intent data vendors, win/loss reviews, technical and international SEO) are declined,
and everyday words are mapped to the guidance's roles, stages and concepts."""

from __future__ import annotations

import pytest

from assistant.answering import outside_phrases
from assistant.understanding import understand


@pytest.mark.parametrize(
    "question",
    [
        "Is third-party intent data worth paying for?",
        "Should we buy Bombora or 6sense for account surges?",
        "How do we run a win-loss analysis each quarter?",
        "Who should lead our lost deal reviews?",
        "Do we need hreflang on the translated pages?",
        "How often should the XML sitemap be regenerated?",
    ],
)
def test_neighbouring_subjects_the_guidance_lacks_are_outside(question: str) -> None:
    assert outside_phrases("en").pattern.search(question)


@pytest.mark.parametrize(
    "question",
    [
        "Which intent signals should count toward an MQL?",
        "What does the decider read at the shortlist stage?",
    ],
)
def test_guidance_subjects_stay_in_scope(question: str) -> None:
    assert not outside_phrases("en").pattern.search(question)
    assert understand(question, "en").kind


@pytest.mark.parametrize(
    "question",
    ["What does 'MQL' mean for our sales team?", 'what does "prescriber" mean here?'],
)
def test_a_quoted_term_is_still_a_definition_question(question: str) -> None:
    assert understand(question, "en").kind == "define"
