"""Hebrew lexicon entries added while tuning on the probe set: the words marketers use
(loanwords, inflections, colloquial forms) read as the guidance's own concepts."""

from __future__ import annotations

import pytest

from assistant.understanding import guidance_words, understand


@pytest.mark.parametrize(
    ("question", "concept"),
    [
        ("מה עושים כשהעסקה מתה בלי שום החלטה?", "b2b-buyer"),
        ("הסטטוס קוו הוא המתחרה שלנו?", "b2b-buyer"),
        ("פנייה רגשית עובדת על ארגונים?", "b2b-buyer"),
        ("כמה פריטים בצ'קליסט?", "high-value-content"),
        ("מה לעשות עם הגידורים בטקסט?", "soft-content"),
        ("באילו תוכנות מייל לבדוק את הדיוור?", "basic-html"),
        ("אפשר להשתמש בפונט מיוחד בדיוור?", "basic-html"),
    ],
)
def test_concepts(question: str, concept: str) -> None:
    assert concept in understand(question, "he").concepts


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("עושים צ'קליסט ללקוחות", "רשימת בדיקה"),
        ("איזה פונט לבחור?", "גופן"),
        ("שמנו את הלוגואים בתחתית", "לוגו"),
        ("כמה סעיפים זה אידיאלי?", "פריטים"),
    ],
)
def test_vocabulary(question: str, word: str) -> None:
    assert word in guidance_words(question, "he")
