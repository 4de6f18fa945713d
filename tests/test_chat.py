"""The offline engine: recognises the request in en/es/he and answers grounded, with citations."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.chat import ChatEngine, detect_intent, parse_budget
from assistant.cli import cli
from assistant.config import load_settings


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("Who is the filter in a buying center?", "question"),
        ("Make a content plan for Northbridge", "plan"),
        ("Plan de contenidos para el hospital", "plan"),
        ("תוכנית תוכן עבור העירייה", "plan"),
        ("Review this: our innovative platform", "review"),
        ("Revisa este texto: somos líderes", "review"),
        ("Check this email <html><body>hi</body></html>", "email"),
        ("Draft a brief for Northbridge with a 20k budget", "brief"),
        ("word " * 70, "review"),
    ],
)
def test_intents(message: str, intent: str) -> None:
    assert detect_intent(message, "en") == intent


@pytest.mark.parametrize(
    ("message", "language", "intent"),
    [
        # Context first, then a question asked further into the last sentence: a question.
        (
            "Their head of engineering is writing up the requirements right now. A demo "
            "feels early, so what call to action should our emails to him carry instead",
            "en",
            "question",
        ),
        (
            "En la cuenta el responsable de IT retiene los correos con adjuntos. Ese señor "
            "qué rol juega en la compra y cómo le escribimos",
            "es",
            "question",
        ),
        # A Hebrew last sentence that opens with "which" asks, question mark or not.
        (
            'סמנכ"ל הכספים של הלקוח מצטרף לכל שיחה מאז שהתחלנו לדבר על מחיר, תנאי תשלום '
            "והנחות לשלוש שנים, והוא שואל הרבה על סיכונים. איזה תפקיד יש לו בצוות הרכישה",
            "he",
            "question",
        ),
        # Typed without accents: a question word, an object pronoun and "I" asking.
        (
            "El header de la newsletter es una imagen de fondo con texto encima y en Outlook "
            "sale en blanco. como lo arreglo",
            "es",
            "question",
        ),
        # …or a question word and a first-person plural verb.
        (
            "El comercial dice que en la cuenta decide el director de planta pero no lo tengo "
            "claro... como sabemos quien firma de verdad",
            "es",
            "question",
        ),
        (
            "Gracias por confiar en nosotros durante estos diez años de trabajo conjunto. Como "
            "le contamos en la reunión, la nueva versión llega en marzo a todas las plantas",
            "es",
            "review",
        ),
        # Copy stays copy: an exclamation and "descubra cómo" do not ask anything.
        (
            "¡Qué fácil es ahorrar con nuestra plataforma líder! Descubra cómo ahorrar tiempo "
            "con la mejor solución del mercado para su empresa hoy",
            "es",
            "review",
        ),
        (
            "Our innovative platform is the leading choice for modern teams. We help you do "
            "more with less and transform the way you work every single day",
            "en",
            "review",
        ),
    ],
)
def test_a_last_sentence_that_asks_is_a_question(message: str, language: str, intent: str) -> None:
    assert detect_intent(message, language) == intent


@pytest.mark.parametrize(
    ("message", "budget"),
    [
        ("budget 20k", 20000.0),
        ("presupuesto de 15.000 €", 15000.0),
        ("תקציב 8,500", 8500.0),
        ("no", None),
    ],
)
def test_budget_parsing(message: str, budget: float | None) -> None:
    assert parse_budget(message) == budget


@pytest.mark.parametrize(
    ("question", "language", "topic"),
    [
        ("How do I get our newsletter past corporate spam filters?", "en", "email-deliverability"),
        ("¿Por qué usar HTML básico en los correos a empresas?", "es", "email-html"),
        ("מי מעורב בהחלטת הרכישה בארגון?", "he", None),
    ],
)
def test_questions_get_the_answer_first_then_cited_points(
    engine: ChatEngine, question: str, language: str, topic: str | None
) -> None:
    answer = engine.answer(question)
    assert answer.mode == "offline" and answer.language == language and answer.intent == "question"
    assert answer.in_knowledge and answer.citations
    assert all(c.language == language for c in answer.citations)
    if topic:
        assert answer.citations[0].topic == topic
    opening, *points = answer.answer.splitlines()
    assert opening.rstrip().endswith("]") and "[1]" in opening
    assert len(points) <= 4
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert cited == set(range(1, len(answer.citations) + 1))
    for point in points:
        assert point.startswith("- ") and re.search(r"\[\d+\]$", point)
        assert "**" not in point
    for citation in answer.citations:
        assert citation.source.startswith(f"guidance/{language}/")


def test_pasted_copy_is_reviewed(engine: ChatEngine) -> None:
    answer = engine.answer(
        "Review this: In today's fast-paced world our innovative platform helps many teams. "
        "Contact us to learn more!"
    )
    assert answer.intent == "review"
    assert answer.answer.startswith("Score ") and "soft" in answer.answer
    assert answer.data is not None and answer.data.kind == "review"
    assert answer.data.review.verdict == "soft"
    assert "innovative" in answer.answer


def test_email_in_chat_is_checked(engine: ChatEngine) -> None:
    answer = engine.answer(
        "Check this email <table><tr><td><img src='a.png'><script>x()</script></td></tr></table>"
    )
    assert answer.intent == "email"
    assert answer.data is not None and answer.data.kind == "email"
    rules = {f.rule for f in answer.data.report.findings}
    assert {"script", "missing-alt", "missing-unsubscribe"} <= rules


def test_plan_without_a_persona_asks_which_and_the_next_message_completes_it(
    engine: ChatEngine,
) -> None:
    answer = engine.answer("Make a content plan please")
    assert answer.intent == "plan" and "Which account?" in answer.answer
    assert "Northbridge Third-Party Logistics Ltd" in answer.answer
    assert "northbridge-3pl" not in answer.answer  # companies by name, never by id
    assert answer.context.pending is not None and answer.context.pending.intent == "plan"
    completed = engine.answer("Northbridge", context=answer.context)
    assert completed.intent == "plan" and completed.data is not None
    assert completed.data.kind == "plan" and completed.data.plan.persona == "northbridge-3pl"
    assert completed.context.pending is None


@pytest.mark.parametrize(
    ("message", "heading"),
    [
        (
            "Make a content plan for the purchasing manager at negotiation",
            "**Buyer · Negotiation:**",
        ),
        (
            "Plan de contenidos para el jefe de compras en la negociación",
            "**Comprador · Negociación:**",
        ),
        ("תוכנית תוכן עבור מנהל הרכש בשלב המשא ומתן", "משא ומתן:**"),
    ],
)
def test_a_plan_keeps_the_role_and_stage_the_request_names(
    engine: ChatEngine, message: str, heading: str
) -> None:
    asked = engine.answer(message)
    assert asked.context.pending is not None  # no account yet: it asks which one
    completed = engine.answer("Northbridge", context=asked.context)
    assert completed.data is not None and completed.data.kind == "plan"
    cells = [(c.role, c.stage) for c in completed.data.plan.cells]
    assert cells == [("buyer", "negotiation")]
    assert heading in completed.answer.splitlines()[1]


@pytest.mark.parametrize(
    ("request_", "reply", "persona", "kind"),
    [
        ("תכין בריף לקמפיין", "נווה כרמל", "iriyat-neve-carmel", "brief"),
        ("Plan de contenidos, por favor", "Vega del Tajo", "hospital-vega-del-tajo", "plan"),
        ("Make a content plan please", "Great Plains", "great-plains-bancorp", "plan"),
    ],
)
def test_a_pending_request_completes_with_the_account_named_as_people_say_it(
    engine: ChatEngine, request_: str, reply: str, persona: str, kind: str
) -> None:
    asked = engine.answer(request_)
    assert asked.context.pending is not None
    completed = engine.answer(reply, context=asked.context)
    assert completed.data is not None and completed.data.kind == kind
    found = completed.data.brief.persona if kind == "brief" else completed.data.plan.persona
    assert found == persona


def test_stream_yields_words_then_the_answer(engine: ChatEngine) -> None:
    items = list(engine.stream("What is a buying center?"))
    final = items[-1]
    assert "".join(items[:-1]) == final.answer


def test_cli_ask_json_and_batch(indexed_knowledge: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["ask", "Who is the gatekeeper?", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) >= {"answer", "language", "mode", "citations"}
    assert payload["mode"] == "offline"
    assert set(payload["citations"][0]) >= {"chunk_id", "source", "topic", "section", "language"}
    first = payload["citations"][0]
    assert first["label"] and "/" not in first["label"] and first["passage"]
    batch = runner.invoke(
        cli, ["ask", "--batch", "-"], input='{"question": "What is CPL?"}\n{"nope": 1}\n'
    )
    lines = [json.loads(line) for line in batch.stdout.splitlines()]
    assert lines[0]["mode"] == "offline"
    assert lines[1]["error"] == (
        "line 2: question: missing; nope: unknown field (known: question, persona)"
    )


def test_cli_chat_saves_history_and_gaps_are_listed(indexed_knowledge: Path) -> None:
    from assistant.history import History

    runner = CliRunner()
    result = runner.invoke(cli, ["chat"], input="What is a prescriber?\n\n")
    assert result.exit_code == 0, result.output
    history = History(load_settings().data_dir)
    conversation = history.list()[0]
    messages = history.get(conversation.id).messages
    assert [m.role for m in messages] == ["user", "assistant"]
    history.rate(messages[1].id, -1, "wanted examples from healthcare")
    gaps = json.loads(runner.invoke(cli, ["gaps", "--json"]).stdout)
    assert gaps["gaps"][0]["question"] == "What is a prescriber?"


def test_cli_chat_completes_a_pending_request_also_after_resume(indexed_knowledge: Path) -> None:
    from assistant.history import History

    runner = CliRunner()
    result = runner.invoke(cli, ["chat"], input="Make a content plan\nNorthbridge\n\n")
    assert result.exit_code == 0, result.output
    assert "Which account?" in result.output and "Content plan for Northbridge" in result.output
    # Asked in one session, answered in the next: the request waits in the saved conversation.
    first = runner.invoke(cli, ["chat"], input="Draft a brief please\n\n")
    assert "Which account?" in first.output
    history = History(load_settings().data_dir)
    waiting = next(c for c in history.list() if "brief" in history.get(c.id).messages[0].content)
    resumed = runner.invoke(cli, ["chat", "--resume", waiting.id], input="Halvorsen\n\n")
    assert resumed.exit_code == 0, resumed.output
    assert "Halvorsen Precision Components AS" in resumed.output
    last = history.get(waiting.id).messages[-1]
    assert last.data is not None and last.data.kind == "brief"
