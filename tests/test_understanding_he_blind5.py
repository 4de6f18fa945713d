"""Hebrew lexicon entries added while tuning on the fifth blind set: pricing models, intent
data providers, referral programmes and communities are neighbouring subjects the guidance does
not hold. General wordings, not the tune questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.chat import ChatEngine
from assistant.config import load_settings

DECLINED = "בסיס הידע לא מכסה"


@pytest.fixture
def engine(indexed_knowledge: Path) -> ChatEngine:
    return ChatEngine(load_settings())


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
