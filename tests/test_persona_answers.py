"""An account's own people and notes in offline answers: the pain or objection the question
speaks of, what a member reads first when the question is what to send, and how the account
buys (its notes) when the question asks why or whether (issue 11, blind6 round)."""

from __future__ import annotations

import pytest

from assistant.chat import ChatEngine


def test_the_objection_the_question_speaks_of_is_quoted(engine: ChatEngine) -> None:
    # The CFO's second objection is about the subscription price, not the SAP migration.
    answer = engine.answer(
        "What does the CFO need? He worries the extension raises the annual subscription.",
        "halvorsen-precision",
    ).answer
    assert "must not raise the annual subscription by more than 30%" in answer
    assert "Why extend now" not in answer
    # Asked nothing in particular, the first one is quoted.
    plain = engine.answer("What does the CFO need?", "halvorsen-precision").answer
    assert "Why extend now, when the SAP S/4HANA migration is due in Q3?" in plain


def test_what_to_send_puts_what_the_member_reads_first(engine: ChatEngine) -> None:
    answer = engine.answer("What should I send the CFO?", "halvorsen-precision").answer
    reads = answer.index("Reads: Business case with payback calculation")
    assert reads < answer.index("Pain:")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Vega del Tajo: si ya publicaron el pliego, ¿puedo pedir una reunión comercial?",
            "consulta preliminar de mercado",
        ),
        ("Why does supplier reliability weigh more than price there?", "plazo fijo"),
        ("למה האמינות של הספק שוקלת אצלם יותר מהמחיר?", "plazo fijo"),
    ],
)
def test_how_the_account_buys_answers_why_and_whether(
    engine: ChatEngine, question: str, expected: str
) -> None:
    answer = engine.answer(question, "hospital-vega-del-tajo")
    assert answer.in_knowledge and expected in answer.answer, answer.answer


def test_notes_stay_out_of_an_unrelated_question(engine: ChatEngine) -> None:
    answer = engine.answer("What does the CFO need?", "hospital-vega-del-tajo").answer
    assert "consulta preliminar" not in answer


def test_notes_that_answer_whether_open_the_answer(engine: ChatEngine) -> None:
    answer = engine.answer(
        "Vega del Tajo: si ya publicaron el pliego, ¿puedo pedir una reunión comercial?",
        "hospital-vega-del-tajo",
    ).answer
    assert "consulta preliminar de mercado" in answer[:300], answer
