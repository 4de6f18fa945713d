"""Tenth round: symptoms read as the practice they point to (clicks on every link within
seconds are a link scanner; zero opens from one company is a quarantine), a job title alone
is too broad to be a segment, and the user's veto answers why the user counts (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.chat import ChatEngine
from assistant.config import load_settings
from assistant.understanding import understand


@pytest.fixture
def engine(indexed_knowledge: Path) -> ChatEngine:
    return ChatEngine(load_settings())


@pytest.mark.parametrize(
    ("message", "language", "concept", "opening"),
    [
        (
            "At one bank half the recipients clicked every link within seconds of sending. "
            "Can we pass them to sales as hot leads?",
            "en",
            "bot-clicks",
            "not a person",
        ),
        (
            "En un banco la mitad de los destinatarios hicieron clic en todos los enlaces a los "
            "pocos segundos del envío. ¿Los pasamos a ventas como leads calientes?",
            "es",
            "bot-clicks",
            "no de una persona",
        ),
        (
            "ראינו שבבנק אחד חצי מהנמענים הקליקו על כל הקישורים תוך כמה שניות מהשליחה. "
            "אפשר להעביר אותם למכירות כלידים חמים?",
            "he",
            "bot-clicks",
            "לא עניין של אדם",
        ),
        (
            "Our emails don't reach anyone at one company, zero opens from their domain. What now?",
            "en",
            "quarantine",
            "quarantine",
        ),
        (
            "Nuestros correos no llegan a nadie de una empresa concreta, cero aperturas desde su "
            "dominio. ¿Qué hacemos?",
            "es",
            "quarantine",
            "permitidos",
        ),
        (
            "המיילים שלנו לא מגיעים לאף אחד בחברה מסוימת, אפס פתיחות מהדומיין שלהם. מה עושים?",
            "he",
            "quarantine",
            "רשימת ההיתר",
        ),
        (
            "'IT managers' - is that a precise enough segment for a campaign?",
            "en",
            "segment-precision",
            "too broad",
        ),
        (
            "«Directores de TI»: ¿es un segmento lo bastante preciso para una campaña?",
            "es",
            "segment-precision",
            "demasiado amplio",
        ),
        ("״מנהלי IT״ – זה פלח מספיק מדויק לקמפיין?", "he", "segment-precision", "רחב מדי"),
    ],
)
def test_a_symptom_is_answered_by_the_practice_it_points_to(
    engine: ChatEngine, message: str, language: str, concept: str, opening: str
) -> None:
    assert concept in understand(message, language).concepts
    assert opening in engine.answer(message).answer[:300]


@pytest.mark.parametrize(
    "message",
    [
        "Is it worth segmenting our list by industry?",
        "our copy is too generic, how do we fix it?",
    ],
)
def test_segment_precision_needs_its_own_words(message: str) -> None:
    assert "segment-precision" not in understand(message, "en").concepts


@pytest.mark.parametrize(
    ("message", "opening"),
    [
        (
            "Why should we treat the warehouse staff who will use the system as a separate "
            "role? They don't decide.",
            "veto",
        ),
        (
            'אנחנו מוכרים מערכת WMS וכל התוכן שלנו מכוון למנמ"ר. למה כדאי להתייחס גם למחסנאים '
            "שיעבדו עם המערכת כתפקיד נפרד? הם הרי לא מחליטים.",
            "להכשיל",
        ),
    ],
)
def test_why_the_user_counts_is_their_veto(engine: ChatEngine, message: str, opening: str) -> None:
    assert opening in engine.answer(message).answer.split("[1]")[0]


def test_a_customer_ordering_the_same_every_quarter_is_a_repeat_purchase() -> None:
    message = "Tenemos un cliente que nos pide lo mismo cada trimestre. ¿Qué le enviamos?"
    assert understand(message, "es").purchase_types == ["repeat"]
