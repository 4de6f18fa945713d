"""Wordings from the sixth (blind6) round: a who-question that names no role but says what is
sent, who negotiates, who decides whether mail moves on, a pricing unit that is no role, mail
that does not arrive, and an ad platform's bidding setting (issue 11)."""

from __future__ import annotations

import pytest

from assistant.chat import ChatEngine
from assistant.understanding import understand


@pytest.mark.parametrize(
    ("question", "persona", "roles"),
    [
        # Nobody named: the role whose own facts speak of what is sent receives it.
        ("Who should get the TCO calculator?", None, ["buyer"]),
        ("¿A quién le mando la calculadora de TCO?", None, ["buyer"]),
        (
            "Who should get the business case with the payback calculation?",
            "halvorsen-precision",
            ["decider"],
        ),
        # No sending cue: a who-question is not given a role by its other words.
        ("Which people show up late and can veto?", None, []),
        ("Cuando un lead supera el umbral, ¿a quién le toca contactarlo?", None, []),
    ],
)
def test_a_who_question_names_the_role_by_what_is_sent(
    engine: ChatEngine, question: str, persona: str | None, roles: list[str]
) -> None:
    understood, _ = engine.understand(question, persona)
    assert understood.kind == "who" and understood.roles == roles


@pytest.mark.parametrize(
    ("question", "roles"),
    [
        ("Who handles the price negotiation at the renewal?", ["buyer"]),
        ("¿Quién lleva la negociación del precio en la renovación?", ["buyer"]),
        ('מי אצלם מנהל את המו"מ על המחיר בחידוש?', ["buyer"]),
        ("Who joins the negotiation late?", []),  # joining is not negotiating
        ("מי שם בעצם מחליטה אם החומר שלנו ממשיך הלאה בכלל?", ["filter"]),
        # "per user" prices the product; it names nobody who uses it
        (
            'מה לשלוח למנהל הרכש עכשיו שאנחנו במו"מ? כל ספק מתמחר אחרת, per user, per site',
            ["buyer"],
        ),
        (
            "Every vendor prices differently, per user or per site: what does procurement need?",
            ["buyer"],
        ),
        (
            "Cada proveedor cobra distinto, por usuario o por sede: "
            "¿qué necesita el jefe de compras?",
            ["buyer"],
        ),
    ],
)
def test_roles_read_from_what_people_do(question: str, roles: list[str]) -> None:
    assert understand(question).roles == roles


@pytest.mark.parametrize(
    "question",
    [
        "Why don't our emails arrive at big companies?",
        "¿Por qué nuestros correos no llegan a los clientes grandes?",
        "ולמה בעצם המיילים שלנו לא מגיעים אליהם?",
    ],
)
def test_mail_that_does_not_arrive_is_deliverability(question: str) -> None:
    assert "deliverability" in understand(question).concepts


@pytest.mark.parametrize(
    "question",
    [
        "Which bidding strategy is better in Google Ads, Target CPA or Maximize Conversions?",
        "¿Qué estrategia de puja va mejor en Google Ads, CPA objetivo o maximizar conversiones?",
        "איזה bidding strategy עדיף בגוגל אדס, Target CPA או Maximize Conversions?",
    ],
)
def test_an_ad_platforms_bidding_setting_is_declined(engine: ChatEngine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.in_knowledge, answer.answer


def test_a_whitelist_request_gets_the_allowlist_steps(engine: ChatEngine) -> None:
    answer = engine.answer("ה-IT של הלקוח יכולים להכניס אותנו ל-whitelist. מה לשלוח לאיש הקשר?")
    assert answer.in_knowledge and "IP" in answer.answer and "רשימת ההיתר" in answer.answer


@pytest.mark.parametrize(
    ("question", "stages"),
    [
        ("ok and what do we send them at the 4th stage?", ["negotiation"]),
        ("What happens in the third phase?", ["supplier-search"]),
        ("¿Y qué mandamos en la cuarta etapa?", ["negotiation"]),
        ("¿Qué pasa en la última fase?", ["decision"]),
        ("ומה שולחים בשלב הרביעי?", ["negotiation"]),
        ("ומה בשלב 2?", ["specification"]),
        ("What's the first step to segment a list?", []),  # a step of a task, not a stage
    ],
)
def test_a_stage_named_by_its_place(question: str, stages: list[str]) -> None:
    assert understand(question).stages == stages


def test_with_an_account_a_who_question_finds_the_person_by_what_they_are_about(
    engine: ChatEngine,
) -> None:
    # The SOC 2 report is what Great Plains' third-party risk analyst (its filter) waits for.
    understood, _ = engine.understand(
        "Who at Great Plains is going to hold up the renewal over the SOC 2 report?",
        "great-plains-bancorp",
    )
    assert understood.roles == ["filter"]
    answer = engine.answer(
        "Who at Great Plains is going to hold up the renewal over the SOC 2 report?",
        "great-plains-bancorp",
    ).answer
    assert "Third-Party Risk Management Analyst" in answer[:400], answer


def test_a_title_shortened_to_its_initials_names_the_member(engine: ChatEngine) -> None:
    # Great Plains' Vice President, Procurement decides; "procurement" alone is the deal's word.
    understood, _ = engine.understand(
        "what do i send the VP of procurement at great plains for the renewal?",
        "great-plains-bancorp",
    )
    assert understood.roles == ["decider"]
    # Lower-case letters are a word, not initials.
    plain, _ = engine.understand("what do i send the vp of procurement?", "great-plains-bancorp")
    assert plain.roles != ["decider"]
