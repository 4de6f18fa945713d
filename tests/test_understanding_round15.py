"""Fifteenth round: a compare question about two roles opens with what each role is, unless
it asks what each reads; Hebrew "הממליץ" is the prescriber and "מה אתה ממליץ לשלוח" asks
what to send (issue 11)."""

from __future__ import annotations

import pytest
from leads import opening

from assistant.chat import ChatEngine, detect_intent
from assistant.language import detect_language
from assistant.understanding import understand


@pytest.mark.parametrize(
    ("message", "language", "facts"),
    [
        (
            "Prescriber and decider: what's the difference between them?",
            "en",
            {"role-prescriber", "role-decider"},
        ),
        ("¿En qué se diferencia el comprador del decisor?", "es", {"role-buyer", "role-decider"}),
        ("מה ההבדל בין הממליץ לקניין?", "he", {"role-prescriber", "role-buyer"}),
    ],
)
def test_comparing_two_roles_opens_with_what_each_is(
    message: str, language: str, facts: set[str]
) -> None:
    assert set(opening(message, language)) == facts


@pytest.mark.parametrize(
    ("message", "language", "facts"),
    [
        (
            "buyer vs decider - what's the difference in what each of them wants to read?",
            "en",
            {"reads-buyer", "reads-decider"},
        ),
        (
            "Comprador vs decisor: ¿en qué se diferencia lo que lee cada uno?",
            "es",
            {"reads-buyer", "reads-decider"},
        ),
        (
            "מה ההבדל בין מה שהקניין קורא למה שמקבל ההחלטה קורא?",
            "he",
            {"reads-buyer", "reads-decider"},
        ),
    ],
)
def test_comparing_what_two_roles_read_opens_with_what_each_reads(
    message: str, language: str, facts: set[str]
) -> None:
    assert understand(message, language).reading
    assert set(opening(message, language)) == facts


def test_a_compare_question_naming_one_role_does_not_open_with_its_definition() -> None:
    message = "Their IT manager: attachment or link for the integration guide, which is better?"
    u = understand(message, "en")
    assert u.kind == "compare" and u.roles == ["prescriber"]
    assert "role-prescriber" not in opening(message, "en")


def test_the_reading_cue_is_read_in_the_asking_sentence_only() -> None:
    u = understand("אנחנו בונים תוכנית תוכן. מה ההבדל בין רכישה חוזרת לרכישה חוזרת עם שינוי?", "he")
    assert u.kind == "compare" and not u.reading


def test_the_answer_to_a_role_comparison_says_what_each_role_is(engine: ChatEngine) -> None:
    answer = engine.answer("What's the difference between the prescriber and the decider?")
    first = answer.answer.split("\n")[0]
    assert "last word" in first
    assert "specifications" in first


@pytest.mark.parametrize(
    ("message", "roles"),
    [
        ("מה ההבדל בין הממליץ לקניין?", ["prescriber", "buyer"]),
        ("מה לשלוח לממליצים בשלב האפיון?", ["prescriber"]),
        ("מה אתה ממליץ לשלוח לקניין?", ["buyer"]),
        ("כדאי לתאם שיחה עם הלקוח הממליץ?", []),
    ],
)
def test_the_hebrew_recommender_noun_is_the_prescriber_and_the_verb_is_not(
    message: str, roles: list[str]
) -> None:
    assert understand(message, "he").roles == roles


@pytest.mark.parametrize(
    "message",
    ["מה אתה ממליץ לשלוח לקניין?", "מה מומלץ להציג למקבל ההחלטה בשלב ההחלטה?"],
)
def test_hebrew_what_do_you_recommend_sending_asks_what_to_send(message: str) -> None:
    assert understand(message, "he").kind == "what-to-send"


@pytest.mark.parametrize(
    ("message", "language", "role"),
    [
        ("What should I send the logistics manager?", "en", "prescriber"),
        ("מה לשלוח למנהל הלוגיסטיקה?", "he", "prescriber"),
    ],
)
def test_a_job_title_the_lexicon_lacks_is_read_as_in_a_contact_export(
    message: str, language: str, role: str
) -> None:
    assert understand(message, language).roles == [role]


def test_the_title_reading_is_only_a_fallback() -> None:
    # the stage it names is the question; "my boss" is no recipient
    u = understand(
        "My boss wants to send a demo to leads at the need stage. What do we send?", "en"
    )
    assert u.roles == []


def test_what_to_send_a_titled_recipient_opens_with_what_the_role_reads(
    engine: ChatEngine,
) -> None:
    answer = engine.answer("What should I send the logistics manager?")
    assert answer.answer.startswith("The prescriber reads for specifications")


@pytest.mark.parametrize(
    ("history", "message", "language", "stage"),
    [
        (
            "What are the stages of a new B2B purchase?",
            "and for the first one, what content works?",
            "en",
            "need",
        ),
        (
            "¿Cuáles son las etapas de una compra B2B nueva?",
            "Y para la primera, qué contenido funciona?",
            "es",
            "need",
        ),
        ("מה השלבים של רכישה חדשה?", "ומה שולחים באחרון?", "he", "decision"),
        ("מה השלבים של רכישה חדשה?", "ומה קורה בשלישי?", "he", "supplier-search"),
    ],
)
def test_a_stage_named_by_its_place_after_the_stages_were_listed(
    history: str, message: str, language: str, stage: str
) -> None:
    previous = understand(history, language)
    assert understand(message, language, previous).stages == [stage]


def test_an_ordinal_without_the_stages_listed_names_no_stage() -> None:
    previous = understand("Who is the decider?", "en")
    assert understand("and the first thing to send them?", "en", previous).stages == []


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("En que se diferencia el comprador B2B de un consumidor normal", "es"),
        ("How is a B2B buyer different from a consumer?", "en"),
        ("במה שונה קונה עסקי מצרכן רגיל?", "he"),
    ],
)
def test_business_buyer_versus_consumer_is_the_b2b_buyer(message: str, language: str) -> None:
    assert opening(message, language) == ["b2b-buyer-defined"]


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("How do I structure a referral rewards program for our consumer mobile app?", "en"),
        ("בדיוור לצרכנים שיעורי המסירה מעולים. למה מול ארגונים זה קשה יותר?", "he"),
    ],
)
def test_consumers_as_the_scene_are_not_the_b2b_buyer(message: str, language: str) -> None:
    assert "b2b-buyer" not in understand(message, language).concepts


@pytest.mark.parametrize(
    ("message", "language", "family", "value"),
    [
        (
            "יש לי ליד שעוד לא בטוח שיש לו בכלל בעיה. מה שולחים לו בשלב כזה מוקדם?",
            "he",
            "stages",
            "need",
        ),
        (
            "tengo un lead que no está seguro de que tenga un problema, ¿qué le mando?",
            "es",
            "stages",
            "need",
        ),
        (
            "the prospect isn't sure they even have a problem, what do I send?",
            "en",
            "stages",
            "need",
        ),
        (
            "מה ההבדל בין לקוח שמזמין שוב את אותו דבר ללקוח שרוצה לשנות נפח ותנאים?",
            "he",
            "purchase_types",
            "modified-repeat",
        ),
        ("הלקוח אמר שאין תקציב עד השנה הבאה. לחזור אליו בינואר?", "he", "concepts", "budget-cycle"),
        (
            "A los clientes que ya nos hacen pedido todos los meses, ¿qué les mando?",
            "es",
            "purchase_types",
            "repeat",
        ),
        (
            "customers who order from us every month: what content do they need?",
            "en",
            "purchase_types",
            "repeat",
        ),
        (
            "Nos metieron en un RFI y van a quedarse con 3 o 4. ¿Qué mandamos?",
            "es",
            "stages",
            "supplier-search",
        ),
        (
            "¿Cómo armo un mapa de quién es quién en una cuenta grande?",
            "es",
            "concepts",
            "buying-center",
        ),
    ],
)
def test_everyday_wording_of_stages_purchases_and_subjects(
    message: str, language: str, family: str, value: str
) -> None:
    assert value in understand(message, language).slots(family)


@pytest.mark.parametrize(
    ("message", "roles"),
    [
        ("¿Qué le mando al gerente de logística?", ["prescriber"]),
        ("¿Qué le mando al gerente?", ["decider"]),
        ("el gerente de compras quiere precios", ["buyer"]),
    ],
)
def test_a_gerente_of_a_function_is_not_the_decider(message: str, roles: list[str]) -> None:
    assert understand(message, "es").roles == roles


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("should our cold emails be brief?", "question"),
        ("is this too brief for the CFO?", "question"),
        ("how should I brief a PR agency for a launch, what goes in the brief", "question"),
        ("draft a brief for Northbridge", "brief"),
        ("brief for Northbridge please", "brief"),
        ("תכין brief לנווה כרמל", "brief"),
        ("el brief para Frescos", "brief"),
    ],
)
def test_brief_the_adjective_asks_no_brief(message: str, intent: str) -> None:
    assert detect_intent(message, detect_language(message)) == intent


@pytest.mark.parametrize(
    ("message", "language"),
    [
        (
            "Our competitor at a big account just hit them with a 12% price increase.",
            "en",
        ),
        (
            "La competencia les metió una subida de precios del 10%. ¿Es una oportunidad?",
            "es",
        ),
        ("המתחרה אצל לקוח גדול הודיע על העלאת מחירים של 12%. זו הזדמנות בשבילנו?", "he"),
    ],
)
def test_the_incumbents_price_increase_is_a_modified_repeat(message: str, language: str) -> None:
    assert understand(message, language).purchase_types == ["modified-repeat"]


def test_people_who_never_get_through_a_form_are_no_quarantined_mail() -> None:
    u = understand("how come we almost never get C-level people through our inbound forms?", "en")
    assert "quarantine" not in u.concepts
    assert "quarantine" in understand("our emails never get delivered to that bank", "en").concepts


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("Cómo armo un mapa de quién es quién en una cuenta grande?", "how-to"),
        ("¿Quién es el decisor?", "who"),
        ("¿De quién depende la compra?", "who"),
    ],
)
def test_who_is_who_is_no_who_question(message: str, kind: str) -> None:
    assert understand(message, "es").kind == kind
