"""Hebrew lexicon entries added while tuning on the third blind set: neighbouring marketing
subjects the guidance does not hold (review sites, unit economics, cold-call scripts, webinar
planning, analyst firms) are declined. General wordings, not the tune questions."""

from __future__ import annotations

import pytest

from assistant.chat import ChatEngine
from assistant.understanding import understand

DECLINED = "בסיס הידע לא מכסה"


@pytest.mark.parametrize(
    "question",
    [
        "איך משיגים יותר ביקורות לקוחות ב-Capterra?",
        "מה עושים עם ביקורת שלילית שלקוח כתב עלינו?",
        "מה נחשב LTV טוב בחברת תוכנה?",
        "איך מחשבים ערך חיי לקוח?",
        "יש לכם תסריט מכירה לנציגים החדשים?",
        "צריך סקריפט לשיחה עם מנהל רכש, מה אומרים בפתיח?",
        "כמה זמן אמור להיות הוובינר הרבעוני שלנו?",
        "איך נכנסים ל-Magic Quadrant של גרטנר?",
    ],
)
def test_blind3_neighbouring_subjects_are_declined(engine: ChatEngine, question: str) -> None:
    assert DECLINED in engine.answer(question).answer


def test_blind3_inbound_sdr_question_is_still_answered(engine: ChatEngine) -> None:
    answer = engine.answer("מתי ליד עובר מהשיווק ל-SDR?").answer
    assert DECLINED not in answer


def test_blind3_cold_call_prioritisation_is_still_answered(engine: ChatEngine) -> None:
    answer = engine.answer("איך מתעדפים את רשימת השיחות הקרות של אנשי המכירות?").answer
    assert DECLINED not in answer


@pytest.mark.parametrize(
    "question",
    [
        'מי עוצר את החומרים שלנו לפני שהם מגיעים למנכ"ל?',
        "מי יכול לחסום את ההצעה עוד לפני שהיא מגיעה להנהלה?",
        "מי מסנן את המיילים בדרך לפני שהם עוברים למנהל?",
    ],
)
def test_blind3_stopping_material_before_it_reaches_someone_is_the_gatekeeper(
    question: str,
) -> None:
    assert "filter" in understand(question, "he").roles
