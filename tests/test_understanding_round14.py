"""Fourteenth round: the article's own vocabulary (its Hebrew and Spanish wording: "מרשמים",
"מרכז קניות", "contenido suave", "latencia de actualización") and the purchase types as a
subject of their own reach the facts they ask for (issue 11)."""

from __future__ import annotations

import pytest
from leads import opening

from assistant.chat import ChatEngine
from assistant.understanding import understand


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


@pytest.mark.parametrize(
    ("message", "family", "value"),
    [
        ("What happens at the emergence of need?", "stages", "need"),
        ("What is the search and preselection of suppliers?", "stages", "supplier-search"),
        ("What are hot contacts?", "metrics", "warm-contact"),
        ("What are performance-billed campaigns?", "concepts", "b2b-communication"),
        (
            "Why are IT organisations an obstacle to sending emails in bulk?",
            "concepts",
            "deliverability",
        ),
        ("What is the update latency of messaging software?", "concepts", "basic-html"),
        ("Is B2B buying impulsive?", "concepts", "b2b-buyer"),
        ("how many steps does a new purchase go through?", "concepts", "buying-process"),
    ],
)
def test_the_articles_wording_in_english_names_its_subject(
    message: str, family: str, value: str
) -> None:
    assert value in understand(message, "en").slots(family)


def test_the_purchasing_center_is_the_buying_center_not_the_buyer() -> None:
    u = understand("What do prescribers do in the purchasing center?", "en")
    assert u.roles == ["prescriber"]
    assert "buying-center" in u.concepts


def test_what_a_role_does_is_answered_by_its_definition() -> None:
    assert opening("what does the filter actually do?", "en") == ["role-filter"]
    assert understand("what do I do when the buyer stalls?", "en").kind != "define"


def test_a_commission_plan_is_no_content_plan(engine: ChatEngine) -> None:
    answer = engine.answer("How should we structure the commission plan for our SDRs?")
    assert not answer.in_knowledge
    assert "Which account?" not in answer.answer


def test_setting_up_the_domain_asks_for_authentication() -> None:
    message = "מחלקות ה-IT אצל הלקוחות חוסמות לנו את הדיוורים. איך מגדירים את הדומיין?"
    assert "authentication" in understand(message, "he").concepts


def test_a_trade_show_booth_is_declined_in_hebrew(engine: ChatEngine) -> None:
    answer = engine.answer("אנחנו יוצאים עם דוכן לתערוכה. איך מעצבים את הדוכן?")
    assert not answer.in_knowledge


def test_a_stage_word_inside_a_role_name_is_no_stage() -> None:
    u = understand("El director financiero es el tomador de decisiones. ¿Qué le mando?", "es")
    assert u.roles == ["decider"]
    assert u.stages == []
    assert opening("El director financiero es el tomador de decisiones. ¿Qué le mando?", "es") == [
        "reads-decider"
    ]


def test_deciding_whether_something_gets_through_is_the_filter() -> None:
    u = understand('עוזרת המנכ"ל מחליטה אם זה עובר אליו. איך קוראים לתפקיד הזה?', "he")
    assert "filter" in u.roles


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("who is involved in a straight rebuy?", "en"),
        ("¿quién interviene en una recompra directa?", "es"),
        ("מי מעורב ברכישה חוזרת?", "he"),
    ],
)
def test_who_handles_a_straight_repeat_opens_with_who_handles_it(
    message: str, language: str
) -> None:
    assert opening(message, language) == ["purchase-repeat-who"]


def test_a_straight_repeat_keeps_the_incumbent(engine: ChatEngine) -> None:
    first = engine.answer("who usually keeps a renewal nobody shops around?").answer.split("\n")[0]
    assert "approved supplier" in first


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("What is deliverability?", "en"),
        ("¿Qué es la entregabilidad de un email?", "es"),
        ("מה זה מסירות של מיילים?", "he"),
    ],
)
def test_what_deliverability_is_opens_with_its_definition(message: str, language: str) -> None:
    assert opening(message, language) == ["deliverability-defined"]


@pytest.mark.parametrize(
    ("message", "words"),
    [("What is a lead?", "A lead is"), ("¿Qué es un lead?", "Un lead es")],
)
def test_what_a_lead_is_is_defined_first(engine: ChatEngine, message: str, words: str) -> None:
    assert engine.answer(message).answer.startswith(words)


def test_emails_stuck_on_the_way_are_deliverability() -> None:
    message = "למה מיילים לארגונים נתקעים בדרך יותר ממיילים לצרכנים פרטיים?"
    assert "deliverability" in understand(message, "he").concepts


def test_a_proposal_for_several_people_is_written_for_several_readers(engine: ChatEngine) -> None:
    message = "How do I write a proposal that works for several people at the client?"
    answer = engine.answer(message)
    assert answer.in_knowledge
    assert "several readers" in answer.answer.split("\n")[0]


def test_a_supporting_sentence_said_again_with_more_is_said_once(engine: ChatEngine) -> None:
    lines = engine.answer("How do I know if a segment is precise enough?").answer.split("\n")
    starts = [line[:60] for line in lines if line.startswith("- ")]
    assert len(starts) == len(set(starts))


def test_what_the_buyer_does_is_a_definition_in_hebrew() -> None:
    assert understand("מה עושה הקניין?", "he").kind == "define"
    assert opening("מה עושה הקניין?", "he") == ["role-buyer"]
    assert understand("מה עושים כשהלקוח לא עונה?", "he").kind == "how-to"
