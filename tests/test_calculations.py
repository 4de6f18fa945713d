"""A cost-per metric worked out from the user's own numbers, in en/es/he, and only when the
message says unambiguously what to divide."""

from __future__ import annotations

import pytest

from assistant.calculations import calculate_metric
from assistant.chat import ChatEngine


@pytest.mark.parametrize(
    ("message", "language", "metric", "opening"),
    [
        (
            "We spent €30,000 on LinkedIn and got 300 leads. What's our CPL?",
            "en",
            "cpl",
            "Your CPL is €100: €30,000 ÷ 300 leads.",
        ),
        ("We spent $20k and won 4 deals, CPA?", "en", "cpa", "Your CPA is $5,000"),
        (
            "Gastamos 15 mil euros y salieron 300 leads, ¿cuál es el coste por lead?",
            "es",
            "cpl",
            "Su CPL es de 50 €: 15.000 € / 300 leads.",
        ),
        # The guidance counts valid leads only: the invalid part is taken off.
        (
            "Metimos 9.000 € y salieron 180 formularios, pero 30 son gmails o competidores. "
            "¿Cuál es el CPL real?",
            "es",
            "cpl",
            "Su CPL real es de 60 €: 9.000 € / 150 leads válidos (los 180 menos los 30",
        ),
        ("הוצאנו 12,000 ₪ וקיבלנו 80 לידים, מה ה-CPL?", "he", "cpl", "ה-CPL שלכם הוא 150 ₪"),
        # Deals worked out through the funnel's rates; a price per lead is not the money spent.
        (
            "We spent €20,000 at €40 per lead, so 500 leads. 15% became MQL, 20% of those "
            "SQL and 20% were won. What did each deal cost?",
            "en",
            "cost-per-deal",
            "Your cost per deal is €6,667: 500 leads × 15% × 20% × 20% = 3 deals won",
        ),
        (
            "Gastamos 20.000 € a 40 € por lead: 500 leads; el 15 % pasó a MQL, el 20 % a SQL "
            "y cerramos el 20 %. ¿Coste por venta?",
            "es",
            "cost-per-deal",
            "Su coste por venta es de 6.667 €",
        ),
    ],
)
def test_the_metric_is_worked_out_from_the_message(
    message: str, language: str, metric: str, opening: str
) -> None:
    found = calculate_metric(message, language, [metric])
    assert found is not None
    assert found.text.startswith(opening)


@pytest.mark.parametrize(
    ("message", "metric"),
    [
        ("What is a good CPL for a 5,000 EUR budget?", "cpl"),  # nothing to divide by
        ("Our campaign cost 30,000 EUR and brought in 300 leads. And the CPA?", "cpa"),
        ("We spent 10,000 EUR in March and 8,000 EUR in April for 200 leads. CPL?", "cpl"),
        ("We got 300 leads in 2025. What's the CPL?", "cpl"),  # no amount of money
    ],
)
def test_nothing_is_computed_from_ambiguous_numbers(message: str, metric: str) -> None:
    assert calculate_metric(message, "en", [metric]) is None


def test_the_answer_opens_with_the_number_then_the_formula(engine: ChatEngine) -> None:
    answer = engine.answer("We spent €9,000 and got 150 leads. What is our CPL?")
    first = answer.answer.splitlines()[0]
    assert first.startswith("Your CPL is €60: €9,000 ÷ 150 leads. [1] CPL (cost per lead) =")


def test_a_follow_up_computes_from_the_earlier_message(engine: ChatEngine) -> None:
    context = engine.answer("Our campaign cost 30,000 EUR and brought in 300 leads.").context
    answer = engine.answer("so what's the CPL on that?", None, context)
    assert answer.answer.startswith("Your CPL is €100")


def test_a_statement_before_the_question_gives_the_figures(engine: ChatEngine) -> None:
    # The first message reads as copy and is reviewed; the question after it still leans on it.
    context = engine.answer(
        "We ran a campaign with a lead vendor: 20k EUR budget at 40 EUR per lead, so 500 "
        "leads. 15% became MQL, 20% of those were accepted as SQL and 20% of the SQLs were won."
    ).context
    answer = engine.answer("so what did each closed deal cost us?", None, context)
    assert answer.answer.startswith("Your cost per deal is €6,667")
