"""Seventeenth round: Hebrew titles typed without gershayim, the incumbent's risk in a straight
repeat, a long account of a deal that ends by asking is a question, a how-to about content
plans with no account is answered, and scenes that tell the stage (issue 11)."""

from __future__ import annotations

import pytest
from leads import opening

from assistant.chat import ChatEngine, pasted_kind
from assistant.understanding import understand


@pytest.mark.parametrize(
    ("message", "role"),
    [
        ("מה הסמנכל תפעול צריך לקבל מאיתנו?", "prescriber"),
        ("המנכל שלהם רוצה לראות משהו לפני שהוא מחליט", "decider"),
        # the Hebrew guidance names the purchasing coordinator among the gatekeepers
        ("רכזת רכש אצל הלקוח לא מעבירה את הפניות שלנו הלאה", "filter"),
    ],
)
def test_hebrew_titles_are_read_with_or_without_gershayim(message: str, role: str) -> None:
    assert role in understand(message, "he").roles


def test_a_trailing_right_asks_yes_or_no_and_the_account_answers(engine: ChatEngine) -> None:
    assert understand("אז בעצם זו רכישה חדשה אצלם, נכון?", "he").kind == "yes-no"
    answer = engine.answer(
        "בנווה כרמל אני מתייחס למודול המחסנים כמו לרכישה חדשה, נכון?", "iriyat-neve-carmel"
    ).answer
    assert answer.startswith("לא:")
    assert "רכישה חוזרת עם שינויים" in answer[:120]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "A distributor has reordered the same pallets from us every month for years. "
            "What is our risk with this account?",
            "unexplained price rise",
        ),
        (
            "Un cliente nos pide lo mismo cada mes desde hace años. ¿Cuál es nuestro riesgo "
            "con esta cuenta?",
            "sorpresas",
        ),
        (
            "לקוח מזמין מאיתנו את אותו דבר כל חודש כבר שנים. מה הסיכון שלנו בחשבון הזה?",
            "מסורבלת",
        ),
    ],
)
def test_the_incumbents_risk_in_a_straight_repeat(
    engine: ChatEngine, message: str, expected: str
) -> None:
    assert expected in engine.answer(message).answer[:300]


def test_a_long_account_that_ends_by_asking_is_a_question() -> None:
    deal = (
        "We are talking to a regional grocery chain about a new ordering portal. The person "
        "from central purchasing sent us a spreadsheet to fill in with payment terms, delivery "
        "lead times and unit prices, and told us two other suppliers got the same sheet so she "
        "can line us up side by side. She does not sign anything herself and the budget sits "
        "with the finance director. Which role is she in their buying center?"
    )
    assert len(deal.split()) >= 60
    assert pasted_kind(deal) is None
    assert understand(deal, "en").roles[0] == "buyer"


def test_long_copy_that_closes_on_the_reader_is_still_reviewed() -> None:
    copy = (
        "Our platform connects every warehouse, carrier and customer in a single view. Teams "
        "using it cut picking errors, shorten dock times and answer customer calls with live "
        "data instead of guesses. Implementation takes weeks, not months, and our specialists "
        "stay with you from the first scan to the last report. Thousands of operators already "
        "trust us to keep their promises to their own customers every single day of the year. "
        "Ready to see what your operation could look like?"
    )
    assert pasted_kind(copy) == "copy"
    email = (
        "Hi Dana,\n\nThe pilot on your second line ended last week and unplanned stops fell "
        "from 11 to 4 hours a month, measured by your own maintenance logs. The rollout to all "
        "lines costs 60,000 a year and pays back in under six months at your hourly cost of a "
        "stop.\n\nCan we confirm the go-ahead at your planning meeting on the 14th?"
    )
    assert len(email.split()) >= 60
    assert pasted_kind(email) == "copy"


def test_how_to_build_a_content_plan_without_an_account_is_answered(engine: ChatEngine) -> None:
    answer = engine.answer(
        "How do we build a content plan for a customer that has never bought anything like "
        "this before?"
    )
    assert answer.intent == "question"
    assert "five stages" in answer.answer[:200]


@pytest.mark.parametrize(
    ("message", "language", "stage"),
    [
        (
            "la de compras tiene 8 proveedores y se va a quedar con 3, ¿qué le mando?",
            "es",
            "supplier-search",
        ),
        ("el gerente todavía ni piensa en comprar, ¿qué contenido le sirve?", "es", "need"),
        (
            "el director tiene las dos ofertas finales y le da miedo firmar, ¿qué le mando?",
            "es",
            "decision",
        ),
        ("איש הרכש אמר שהוא מצמצם לשלושה ספקים, מה לשלוח לו?", "he", "supplier-search"),
        ("הם כותבים מה בדיוק הם צריכים לפני שיוצאים לספקים, מה לשלוח?", "he", "specification"),
        (
            "they haven't looked at any pricing page and nobody has mentioned a budget. what do "
            "we send?",
            "en",
            "need",
        ),
    ],
)
def test_stages_told_by_the_scene(message: str, language: str, stage: str) -> None:
    assert understand(message, language).stages == [stage]


def test_a_first_time_that_is_no_purchase_names_no_purchase_type() -> None:
    u = understand("how do i set up dmarc, first time doing this", "en")
    assert u.purchase_types == []
    assert opening("how do i set up dmarc, first time doing this", "en")[0] == "deliverability-auth"


def test_mail_that_never_arrives_starts_with_authentication(engine: ChatEngine) -> None:
    answer = engine.answer(
        "Nuestros correos a clientes corporativos no llegan y dicen que ni siquiera están en "
        "spam. ¿Qué tenemos que revisar?"
    ).answer
    assert "SPF" in answer[:200]


def test_what_type_of_purchase_and_how_to_work_it_answers_both(engine: ChatEngine) -> None:
    answer = engine.answer(
        "Una planta nos compra los mismos filtros cada mes y compras lanza el pedido sin "
        "revisarlo. ¿Qué tipo de compra es y cómo la trabajo?"
    ).answer
    assert answer.startswith("En una recompra directa")
    assert "continuidad" in answer[:500]


def test_staying_with_the_old_supplier_reads_the_forces_of_habit() -> None:
    assert opening("why do clients stick with their old supplier when we are cheaper?", "en") == [
        "b2b-buyer-limits"
    ]
    assert "b2b-buyer" in understand("למה הם נשארים עם הספק הישן שלהם?", "he").concepts


def test_a_company_spam_filter_is_no_filter_role() -> None:
    u = understand("¿Cómo evitamos que los filtros de las empresas nos bloqueen?", "es")
    assert u.roles == []


@pytest.mark.parametrize(
    ("message", "language", "family", "value"),
    [
        (
            "הם עובדים איתנו שנים ואחרי מיזוג רוצים לבחון את האפשרויות מחדש",
            "he",
            "purchase_types",
            "modified-repeat",
        ),
        ("ואם הם כבר בסגירת מחיר ותנאים?", "he", "stages", "negotiation"),
        ("מה עם מי שיעבוד על המערכת כל יום?", "he", "roles", "user"),
        (
            "el cliente compra los mismos guantes a otro proveedor, casi en automático",
            "es",
            "purchase_types",
            "repeat",
        ),
        (
            "who in a buying center decides what info even reaches the rest of the group?",
            "en",
            "roles",
            "filter",
        ),
        ("who is collecting the vendor quotes there?", "en", "roles", "buyer"),
        ("and once they're haggling over price?", "en", "roles", "buyer"),
        ("ומה כשהם כבר מתמקחים על המחיר?", "he", "roles", "buyer"),
    ],
)
def test_scenes_that_name_a_slot(message: str, language: str, family: str, value: str) -> None:
    assert value in understand(message, language).slots(family)  # type: ignore[arg-type]


def test_what_the_ceo_was_sent_does_not_make_him_the_one_asked_about() -> None:
    u = understand(
        "שלחתי שלושה מיילים למנכל וכל פעם העוזרת האישית שלו עונה שהיא תעביר אם זה רלוונטי. מי היא?",
        "he",
    )
    assert u.roles == ["filter"]


def test_without_asking_for_quotes_is_no_supplier_search() -> None:
    u = understand(
        "Somos el aspirante y compran en automático, sin pedir ofertas. ¿Cómo entramos?", "es"
    )
    assert u.stages == []
    assert "challenger" in u.concepts
