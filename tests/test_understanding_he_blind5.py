"""Hebrew lexicon entries added while tuning on the fifth blind set: pricing models, intent
data providers, referral programmes and communities are neighbouring subjects the guidance does
not hold; mapping an account is the buying center, soft and vague wording is soft content, a
registration form inside an email is an email form (not webinar promotion). General wordings,
not the tune questions."""

from __future__ import annotations

import pytest

from assistant.chat import ChatEngine
from assistant.understanding import understand

DECLINED = "בסיס הידע לא מכסה"


@pytest.mark.parametrize(
    "question",
    [
        "איך לתמחר את המוצר החדש שלנו?",
        "כדאי לגבות per seat מלקוחות גדולים?",
        "איזה ספק intent data הכי מדויק?",
        "שווה לשלם על Bombora כדי למצוא חשבונות?",
        "כמה בונוס הפניה לתת ללקוח שהביא לקוח?",
        "איך משיקים תוכנית referral?",
        "איך שומרים על קבוצת וואטסאפ של לקוחות פעילה?",
        "איך בונים קהילה של מנהלי IT?",
    ],
)
def test_blind5_neighbouring_subjects_are_declined(engine: ChatEngine, question: str) -> None:
    assert DECLINED in engine.answer(question).answer


@pytest.mark.parametrize(
    ("question", "concept"),
    [
        ("מיפינו את הלקוח ומצאנו שלושה אנשים", "buying-center"),
        ("מיפיתי את הארגון שלהם, מה חסר?", "buying-center"),
        ("הפסקה הזאת רכה מדי? יש בה משפט רך", "soft-content"),
        ("איך מתקנים כמויות עמומות בטקסט?", "soft-content"),
        ("אפשר להכניס טופס הרשמה בתוך הניוזלטר?", "email-forms"),
        ("שמים טפסים קצרים במיילים?", "email-forms"),
    ],
)
def test_blind5_concepts(question: str, concept: str) -> None:
    assert concept in understand(question, "he").concepts


def test_blind5_registration_form_in_email_is_not_webinar_promotion(engine: ChatEngine) -> None:
    answer = engine.answer("אפשר לשים טופס הרשמה לוובינר בתוך המייל?").answer
    assert answer.startswith("בלי טפסים במייל")


def test_blind5_webinar_registration_growth_stays_outside(engine: ChatEngine) -> None:
    assert DECLINED in engine.answer("איך להגדיל את ההרשמה לוובינר?").answer


@pytest.mark.parametrize(
    "question",
    [
        "מנהל התפעול חושש מהמעבר למערכת חדשה, מה לשלוח?",
        "הלקוחה מפחדת מההטמעה, איך מרגיעים?",
        "מה עלול להשתבש בעיניו של הלקוח?",
        "יש להם חשש מהמיגרציה של הנתונים",
    ],
)
def test_blind5_fear_of_the_switch_is_the_decision_stage(question: str) -> None:
    assert "decision" in understand(question, "he").stages


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("הכותב שם הערה ליד 'פתרון מוביל', למה?", False),
        ("שמנו אייקון ליד הכפתור, זה בסדר?", False),
        ("מה זה ליד?", True),
        ("הליד שלנו התקרר, מה עושים?", True),
    ],
)
def test_blind5_next_to_is_not_a_lead(question: str, lead: bool) -> None:
    assert ("lead" in understand(question, "he").metrics) is lead
