"""English wordings from the eighth (blind5) round: neighbouring subjects the guidance does not
hold (sales decks, customer video shoots) are declined, and everyday words are mapped to the
guidance's concepts."""

from __future__ import annotations

import pytest

from assistant.answering import outside_phrases
from assistant.understanding import understand


@pytest.mark.parametrize(
    "question",
    [
        "How many slides should our pitch deck have?",
        "What goes into a good sales presentation for a CFO?",
        "Who should we film for a video testimonial?",
        "Any tips for customers who are nervous on camera?",
    ],
)
def test_neighbouring_subjects_the_guidance_lacks_are_outside(question: str) -> None:
    assert outside_phrases("en").pattern.search(question)


@pytest.mark.parametrize(
    "question",
    [
        "Our newsletter is a wall of text, how do we fix it?",
        "How long should paragraphs be in a cold email?",
    ],
)
def test_walls_of_text_are_about_scannable_length(question: str) -> None:
    u = understand(question, "en")
    assert {"length", "efficiency"} & set(u.concepts)
    assert "deliverability" not in u.concepts


@pytest.mark.parametrize(
    "question",
    [
        "Our mails to big corporates seem to disappear, why?",
        "The campaign vanished at two key accounts: no bounces at all.",
        "Why do emails to that client go missing?",
    ],
)
def test_mail_that_vanishes_without_a_bounce_is_quarantine(question: str) -> None:
    assert "quarantine" in understand(question, "en").concepts


def test_a_bounce_rate_question_is_not_quarantine() -> None:
    assert "quarantine" not in understand("What bounce rate is too high?", "en").concepts


@pytest.mark.parametrize(
    "question",
    [
        "The client wants an extension to two more plants. What do we send?",
        "They plan to extend the system to direct materials, which stages reopen?",
    ],
)
def test_extending_an_existing_purchase_is_a_modified_repeat(question: str) -> None:
    assert "modified-repeat" in understand(question, "en").purchase_types


def test_a_form_inside_the_email_is_not_gating() -> None:
    u = understand("Can we put a short survey form straight into the newsletter?", "en")
    assert "email-forms" in u.concepts
    assert "gating" not in u.concepts


def test_a_form_in_front_of_a_whitepaper_is_still_gating() -> None:
    assert "gating" in understand("Should our whitepaper sit behind a form?", "en").concepts
