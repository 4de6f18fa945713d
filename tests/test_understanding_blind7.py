"""Wordings from the seventh (blind7) round: a member named by the opening words of their
title, stage and send cues in everyday Spanish, words that only look like a stage, a role or
gated content, English typed without apostrophes, and legal questions (issue 11)."""

from __future__ import annotations

import pytest

from assistant.chat import ChatEngine, TurnContext
from assistant.language import restore_apostrophes
from assistant.understanding import understand


def test_a_member_named_by_the_opening_words_of_their_title(engine: ChatEngine) -> None:
    # "farmacia" also describes the hospital's deal, yet "jefa de servicio de farmacia" is
    # the run of words Vega del Tajo's prescriber's title opens with.
    question = (
        "en el hospital vega del tajo la jefa de servicio de farmacia esta muy implicada. "
        "que rol tiene ella en la compra?"
    )
    understood, _ = engine.understand(question, "hospital-vega-del-tajo")
    assert understood.roles == ["prescriber"]
    answer = engine.answer(question, "hospital-vega-del-tajo")
    assert answer.in_knowledge and answer.answer.startswith("El prescriptor"), answer.answer


def test_words_that_only_describe_the_deal_name_no_member(engine: ChatEngine) -> None:
    # Halvorsen buys a direct-materials extension; its category manager's title ends in
    # "Direct Materials", but the one who signs off is asked for.
    understood, _ = engine.understand(
        "for the halvorsen extension to direct materials, who is going to sign this off?",
        "halvorsen-precision",
    )
    assert understood.roles == ["decider"]


@pytest.mark.parametrize(
    ("question", "kind", "stages"),
    [
        (
            "tenemos leads de pymes que todavia ni saben que tienen un problema. "
            "que les mandariamos en esta fase?",
            "what-to-send",
            ["need"],
        ),
        ("estan super al principio del proceso, que les mando?", "what-to-send", ["need"]),
        # "at the start" of a task is no buying stage
        ("Lo hicimos al principio y pensabamos que valia, por que revisar el mapa?", "why", []),
        ("איזה p לשים בהתחלה ב-DMARC ומתי מחמירים?", None, []),
    ],
)
def test_stage_and_send_cues(question: str, kind: str | None, stages: list[str]) -> None:
    understood = understand(question)
    assert understood.stages == stages
    if kind:
        assert understood.kind == kind


def test_tolerating_complaints_is_no_supplier_that_will_not_last(engine: ChatEngine) -> None:
    context = engine.answer("cual es la tasa de rebote maxima aceptable en email b2b?").context
    answer = engine.answer(
        "vale, y con las quejas por spam? hasta cuanto se puede aguantar", None, context
    )
    assert "strategic" not in answer.context.understanding.purchase_types
    assert "0,3" in answer.answer[:300], answer.answer
    # A supplier that may not last still reads as a strategic worry.
    assert (
        "strategic"
        in understand("y si el proveedor es pequeño y no aguanta dos años?").purchase_types
    )


def test_blocking_our_own_mail_is_not_gated_content() -> None:
    assert "gating" not in understand("איך מגדירים DMARC בלי לחסום לעצמנו מיילים?").concepts
    assert "gating" in understand("כדאי לחסום את הדוח הענפי?").concepts


def test_english_typed_without_apostrophes_reads_as_with_them() -> None:
    assert restore_apostrophes("who hasnt opened, dont, wont") == "who hasn't opened, don't, won't"
    understood = understand("we want to delete everyone who hasnt opened an email in 6 months")
    assert "list-hygiene" in understood.concepts


@pytest.mark.parametrize(
    "question",
    [
        "Es legal segun la LOPDGDD mandar emails a direcciones nominales sin consentimiento? "
        "necesito una respuesta juridica",
        "Is it legal to email business addresses without consent? I need legal advice",
        "זה חוקי לשלוח מיילים לכתובות עסקיות בלי הסכמה? צריך ייעוץ משפטי",
        "We want to start a customer advisory board with 8-10 customers. How often should it "
        "meet, and should we pay the members or cover travel?",
    ],
)
def test_legal_advice_and_advisory_boards_are_declined(engine: ChatEngine, question: str) -> None:
    answer = engine.answer(question, None, TurnContext())
    assert not answer.in_knowledge, answer.answer


def test_an_advisory_board_names_no_role() -> None:
    # No buying-center advisor, and its "board" decides nothing; the board still can.
    assert understand("should we start a customer advisory board?").roles == []
    assert understand("who on the board signs off?").roles == ["decider"]


def test_a_yes_no_question_with_a_quantity_opens_with_the_threshold(engine: ChatEngine) -> None:
    answer = engine.answer(
        "We've got about 35 contacts in our 'IT security leads at hospitals' segment. "
        "Is it still worth running it as a regular email campaign?"
    )
    assert "50 contacts" in answer.answer[:300], answer.answer


@pytest.mark.parametrize(
    ("question", "roles", "stages"),
    [
        # A mail filter is no gatekeeper in the buying center.
        ("como lo mando para que no me lo frene el filtro de correo?", [], []),
        ("el filtro de la cuenta no deja pasar nada, que le mando?", ["filter"], []),
        (
            "un prospecto recien se esta dando cuenta de que tiene un problema, que le mando?",
            [],
            ["need"],
        ),
    ],
)
def test_spanish_filter_and_noticing_a_problem(
    question: str, roles: list[str], stages: list[str]
) -> None:
    understood = understand(question)
    assert understood.roles == roles and understood.stages == stages


@pytest.mark.parametrize(
    "question",
    [
        "best time of day to post on linkedin so the algorithm pushes our company posts?",
        "how do we do employer branding so we can hire more sales engineers?",
        "a que hora conviene publicar en linkedin para que el algoritmo nos de mas alcance?",
        "באיזו שעה הכי כדאי לפרסם בלינקדאין כדי שהאלגוריתם יקדם אותנו?",
        "איך עושים מיתוג מעסיק כדי לגייס עוד מהנדסי מכירות?",
    ],
)
def test_posting_times_and_employer_branding_are_declined(
    engine: ChatEngine, question: str
) -> None:
    answer = engine.answer(question, None, TurnContext())
    assert not answer.in_knowledge, answer.answer
