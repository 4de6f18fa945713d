"""Hebrew lexicon entries added while tuning on the fourth blind set: win/loss reviews and
podcast episodes are neighbouring subjects the guidance does not hold; warehouse staff are
users, independent test labs the advisor's concern, record keeping is consent, pre-send tests
are email testing, sender names and addresses are deliverability. General wordings, not the
tune questions."""

from __future__ import annotations

import pytest

from assistant.chat import ChatEngine
from assistant.understanding import guidance_words, understand

DECLINED = "בסיס הידע לא מכסה"


@pytest.mark.parametrize(
    "question",
    [
        "איך מריצים ניתוח win/loss אחרי עסקה שהפסדנו?",
        "מה לשאול בתחקיר הפסד עם הלקוח?",
        "מה האורך המומלץ לפרק בפודקאסט שלנו?",
        "כדאי להעלות את הפרקים לספוטיפיי?",
    ],
)
def test_blind4_neighbouring_subjects_are_declined(engine: ChatEngine, question: str) -> None:
    assert DECLINED in engine.answer(question).answer


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("מה מעניין את מנהל המחסן שלהם?", "user"),
        ("אחראית המחסן תעבוד עם האפליקציה?", "user"),
        ("מי ירצה לראות תוצאות של מעבדה עצמאית?", "advisor"),
        ("מי אצלם מבקש בדיקות עצמאיות?", "advisor"),
    ],
)
def test_blind4_roles(question: str, role: str) -> None:
    assert role in understand(question, "he").roles


@pytest.mark.parametrize(
    ("question", "concept"),
    [
        ("מה לתעד על כל איש קשר שנכנס למערכת?", "consent"),
        ("כמה זמן לוקחות בדיקות של מייל לפני שליחה?", "email-testing"),
        ("אפשר לשנות את שם השולח בכל דיוור?", "deliverability"),
        ("איך כותבים ניוזלטר שקל לסרוק?", "high-value-content"),
    ],
)
def test_blind4_concepts(question: str, concept: str) -> None:
    assert concept in understand(question, "he").concepts


def test_blind4_buzzword_reads_as_the_guidance_word() -> None:
    assert "באזוורדס" in guidance_words("מה הבעיה עם באזוורד במצגת?", "he")


def test_blind4_content_check_before_sending_is_not_email_testing() -> None:
    # Checking that a text has value before it goes out is content, not rendering tests.
    assert "email-testing" not in understand("איך אני בודק לפני שליחה שהטקסט שווה?", "he").concepts


def test_blind4_record_keeping_question_opens_with_consent(engine: ChatEngine) -> None:
    answer = engine.answer("מה צריך לתעד על כל רשומה ב-CRM כדי לדוור בלי בעיות?").answer
    assert answer.startswith("תעדו לכל איש קשר מאיפה הגיע")


@pytest.mark.parametrize(
    "question",
    ["מה הכי כדאי לשלוח למנהלת הרכש?", "מה עדיף לשלוח לקניין אחרי הפגישה?"],
)
def test_blind4_best_thing_to_send_is_what_to_send(question: str) -> None:
    assert understand(question, "he").kind == "what-to-send"


def test_blind4_before_the_tender_is_the_specification_stage() -> None:
    assert understand("מה לתת למהנדס לפני שהמכרז יוצא?", "he").stages == ["specification"]
