"""Fourteenth round: the article's own vocabulary (its Hebrew and Spanish wording: "מרשמים",
"מרכז קניות", "contenido suave", "latencia de actualización") and the purchase types as a
subject of their own reach the facts they ask for (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.chat import ChatEngine
from assistant.config import load_settings
from assistant.facts import lead_facts, select_facts
from assistant.understanding import understand


@pytest.fixture
def engine(indexed_knowledge: Path) -> ChatEngine:
    return ChatEngine(load_settings())


def opening(message: str, language: str) -> list[str]:
    u = understand(message, language)
    return [s.fact.id for s in lead_facts(u, select_facts(u))]


@pytest.mark.parametrize(
    ("message", "role"),
    [
        ("מה עושים המרשמים במרכז הקניות?", "prescriber"),
        ("מה התפקיד של הקונים?", "buyer"),
        ("מה צריך לשלוח למקבלי ההחלטות?", "decider"),
    ],
)
def test_the_hebrew_articles_role_names_are_roles(message: str, role: str) -> None:
    assert understand(message, "he").roles == [role]


def test_the_business_buyer_in_general_is_no_role() -> None:
    u = understand("מה מניע את הקונה העסקי?", "he")
    assert u.roles == []


@pytest.mark.parametrize(
    ("message", "language"),
    [("מי חברי מרכז הקניות?", "he"), ("¿Quiénes forman el centro comercial?", "es")],
)
def test_the_mistranslated_buying_center_is_the_buying_center(
    engine: ChatEngine, message: str, language: str
) -> None:
    answer = engine.answer(message)
    assert answer.in_knowledge
    assert "buying-center" in understand(message, language).concepts


@pytest.mark.parametrize(
    ("message", "language", "concept"),
    [
        ("¿Por qué hay que tener cuidado con el contenido suave?", "es", "soft-content"),
        (
            "¿Por qué las organizaciones de TI son un obstáculo para enviar correos?",
            "es",
            "deliverability",
        ),
        ("למה ארגוני IT הם מכשול בשליחת מיילים?", "he", "deliverability"),
        ("מה זה יכולת העברה של מיילים?", "he", "deliverability"),
        ("¿Qué es la latencia de actualización del software de mensajería?", "es", "basic-html"),
        ("מה זה חביון העדכון של תוכנת ההודעות?", "he", "basic-html"),
        ("¿Qué son las campañas facturadas por desempeño?", "es", "b2b-communication"),
    ],
)
def test_the_articles_wording_names_its_subject(message: str, language: str, concept: str) -> None:
    assert concept in understand(message, language).concepts


def test_update_latency_is_answered_with_basic_html(engine: ChatEngine) -> None:
    answer = engine.answer("¿Qué es la latencia de actualización del software de mensajería?")
    assert answer.in_knowledge
    assert "HTML básico" in answer.answer.split("\n")[0]


@pytest.mark.parametrize(
    ("message", "language", "words"),
    [
        (
            "What are the types of purchase in B2B?",
            "en",
            ("new purchase", "straight repeat", "modified repeat"),
        ),
        (
            "¿Qué tipos de compra hay?",
            "es",
            ("compra nueva", "recompra directa", "recompra modificada"),
        ),
        ("אילו סוגי רכישה יש?", "he", ("רכישה חדשה", "רכישה חוזרת", "חוזרת עם שינוי")),
    ],
)
def test_the_purchase_types_question_names_all_three(
    engine: ChatEngine, message: str, language: str, words: tuple[str, ...]
) -> None:
    assert opening(message, language) == ["purchase-types-three"]
    first = engine.answer(message).answer.split("\n")[0]
    assert all(word in first for word in words)


def test_an_accounts_purchase_type_answers_what_type_it_is(engine: ChatEngine) -> None:
    answer = engine.answer("What type of purchase is this deal for them?", "halvorsen-precision")
    first = answer.answer.split("\n")[0]
    assert "modified repeat" in first.lower()
