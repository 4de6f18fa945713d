"""Eighteenth round: a question that offers two roles for a named person ("decider or
influencer?") answers that person's role, and a tool or a pricing scheme named in the scene of
a what-to-send question does not decline it (issue 11)."""

from __future__ import annotations

import pytest

from assistant.chat import ChatEngine
from assistant.understanding import understand


@pytest.mark.parametrize(
    ("message", "language", "role"),
    [
        ("is the CFO a decider or an advisor?", "en", "decider"),
        ("¿el director financiero es decisor o asesor?", "es", "decider"),
        ('המנכ"ל הוא מקבל ההחלטה או היועץ?', "he", "decider"),
        ('המנמ"ר אצל הלקוח – הוא מגדיר הדרישות או מקבל ההחלטה?', "he", "prescriber"),
    ],
)
def test_two_offered_roles_answer_the_named_persons_role(
    message: str, language: str, role: str
) -> None:
    understood = understand(message, language)
    assert understood.kind == "who"
    assert understood.roles == [role]


def test_two_offered_people_are_not_a_choice_of_roles() -> None:
    # "the owner or the accountant" are people, not role names: both stay asked about
    understood = understand("quien firma al final, el dueño o el contador?", "es")
    assert set(understood.roles) == {"decider", "advisor"}


def test_role_versus_role_still_compares() -> None:
    understood = understand("Prescriptor vs usuario: ¿qué necesita cada uno de nosotros?", "es")
    assert understood.kind != "who"


def test_an_influencer_in_the_buying_center_is_answered(engine: ChatEngine) -> None:
    answer = engine.answer("halvorsen's CFO - decider or influencer?", "halvorsen-precision")
    assert answer.in_knowledge
    assert "decider" in answer.answer[:120].casefold()
    # an influencer campaign on social media is still a subject the knowledge lacks
    assert not engine.answer("should we work with LinkedIn influencers?").in_knowledge


def test_a_crm_named_in_the_scene_does_not_decline(engine: ChatEngine) -> None:
    answer = engine.answer(
        "בנינו רצף nurturing אוטומטי בהאבספוט אחרי הורדת הwhite paper, כמה מיילים לשים בו?"
    )
    assert answer.in_knowledge
    assert "4 עד 6" in answer.answer
    assert not engine.answer("מה עדיף לנו, HubSpot או Salesforce?").in_knowledge


def test_pricing_words_in_the_scene_of_a_what_to_send_question(engine: ChatEngine) -> None:
    answer = engine.answer(
        "בנורת'ברידג' הProcurement Manager מתלונן שכל ספק מתמחר אחרת - per user, per site, "
        "per order. מה לשלוח לו?",
        "northbridge-3pl",
    )
    assert answer.in_knowledge
    assert "TCO" in answer.answer[:200]


def test_who_approves_is_asked_even_beside_the_ceos_title() -> None:
    # "who approves in the end" names the decider by what he does: the account's CEO answers
    # it although the CEO is also written as a job title of the same role
    understood = understand(
        "בעיריית נווה כרמל מי בסוף מאשר את ההרחבה - המנכל או מנהל אגף הלוגיסטיקה והרכש?", "he"
    )
    assert understood.roles[0] == "decider"


@pytest.mark.parametrize(
    ("message", "new"),
    [
        ("Es la primera vez que enviamos desde este subdominio. ¿Cómo arranco los envíos?", False),
        ("es la primera vez que compran un sistema de almacén, qué tipo de compra es?", True),
    ],
)
def test_a_spanish_first_time_is_a_new_purchase_only_when_buying(message: str, new: bool) -> None:
    assert ("new" in understand(message, "es").purchase_types) is new


@pytest.mark.parametrize(
    ("message", "language"),
    [
        (
            "our newsletter looks broken in Outlook: how do we build a template that won't break?",
            "en",
        ),
        ("la plantilla de la newsletter se descuadra en Outlook, cómo la armo?", "es"),
        ("הניוזלטר נראה שבור באאוטלוק, איך בונים תבנית שלא תתפרק שם?", "he"),
    ],
)
def test_an_email_template_is_no_working_template(message: str, language: str) -> None:
    concepts = understand(message, language).concepts
    assert "basic-html" in concepts and "high-value-content" not in concepts


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("how should we segment our contacts and which fields do we need in the CRM?", "en"),
        ("como segmento la base y que campos tengo que tener en el CRM para filtrar?", "es"),
        ("איך לפלח את בסיס אנשי הקשר ואילו שדות צריך ב-CRM?", "he"),
    ],
)
def test_crm_fields_are_no_form_fields(message: str, language: str) -> None:
    assert "form-fields" not in understand(message, language).concepts


def test_the_hebrew_attachment_advice_says_link(engine: ChatEngine) -> None:
    assert "קישור" in engine.answer("לצרף את הברושור כPDF למייל ללקוחות ארגוניים?").answer[:200]


def test_which_one_follows_up_on_the_types_just_compared(engine: ChatEngine) -> None:
    first = engine.answer("what's the difference between a straight rebuy and a modified rebuy?")
    answer = engine.answer(
        "which one gives a challenger vendor a real shot?", None, first.context
    ).answer
    assert answer.startswith("In a modified repeat")


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "I need a content plan that covers the whole buyer journey, how would you lay it out?",
            "requirements template",
        ),
        ("¿Qué contenido preparo para cada etapa de la compra?", "plantilla de pliego"),
        ("איזה תוכן להכין לכל שלב בתהליך הרכישה?", "תבנית מסמך דרישות"),
    ],
)
def test_a_content_plan_across_the_stages_names_a_piece_per_stage(
    engine: ChatEngine, message: str, expected: str
) -> None:
    answer = engine.answer(message)
    assert answer.in_knowledge
    assert expected in answer.answer[:400]


def test_telling_the_stage_is_no_content_plan(engine: ChatEngine) -> None:
    answer = engine.answer("how do i tell what buying stage an account is actually in?").answer
    assert answer.startswith("Match content to the stage")


def test_an_offered_list_is_a_purchased_list(engine: ChatEngine) -> None:
    answer = engine.answer(
        "Un proveedor nos ofrece una base de 5.000 directores de compras a buen precio. "
        "La compramos y la cargamos?"
    ).answer
    assert answer.startswith("No compre listas")


def test_how_often_to_clean_follows_up_on_the_list(engine: ChatEngine) -> None:
    first = engine.answer("como segmento la base de contactos para el lanzamiento?")
    answer = engine.answer("y cada cuanto la limpio?", None, first.context).answer
    assert "cada trimestre" in answer[:300]


def test_barely_noticing_the_problem_is_the_need_stage() -> None:
    assert understand("they've barely noticed the problem yet. what do i send?", "en").stages == [
        "need"
    ]


def test_or_what_asks_the_accounts_purchase_type(engine: ChatEngine) -> None:
    answer = engine.answer(
        "Halvorsen wants to extend the tool to direct materials. Is that a new purchase or what?",
        "halvorsen-precision",
    ).answer
    assert answer.startswith("No: for Halvorsen")
    assert "modified repeat" in answer[:100]


def test_a_purchase_type_in_the_scene_gives_way_to_the_question(engine: ChatEngine) -> None:
    answer = engine.answer(
        "אנחנו מרחיבים את Procure בעיריית נווה כרמל למודול מחסנים. אני רוצה לשלוח למנהלת "
        "מערכות המידע שלהם את מסמך הארכיטקטורה כPDF מצורף למייל. זה בסדר או שעדיף אחרת?",
        "iriyat-neve-carmel",
    ).answer
    assert answer.startswith("אל תצרפו קבצים")
    # a content plan for such a deal still speaks of its type
    plan = engine.answer(
        "סטארטאפ פינטק פנה אלינו, אף פעם לא קנו משהו דומה. איך בונים תוכנית תוכן לעסקה כזאת?"
    ).answer
    assert "חמשת השלבים" in plan[:300]


@pytest.mark.parametrize(
    ("history", "message", "language"),
    [
        (
            "what should we give the buyer while we negotiate price?",
            "and the CEO when he's actually deciding?",
            "en",
        ),
        ('מה כדאי לתת לקניין כשאנחנו במו"מ על המחיר?', 'ולמנכ"ל כשהוא כבר ממש מחליט?', "he"),
    ],
)
def test_when_he_is_deciding_moves_the_follow_up_to_the_decision(
    history: str, message: str, language: str
) -> None:
    previous = understand(history, language)
    assert understand(message, language, previous).stages == ["decision"]


def test_what_someone_does_not_do_names_no_role() -> None:
    # "she does not choose the supplier and does not sign": no decider; "he writes no
    # requirements": no prescriber
    assert understand("היא לא בוחרת ספק ולא חותמת. איך להגדיר אותה במרכז הרכש?", "he").roles == []
    understood = understand("הוא לא כותב דרישות. איך להגדיר אותו במיפוי של מרכז הרכש?", "he")
    assert understood.roles == [] and understood.kind == "who"


def test_where_someone_sits_in_the_buying_center_asks_who() -> None:
    assert understand("Where does she sit in the buying center?", "en").kind == "who"
    assert understand("¿Dónde lo pongo en el centro de compras?", "es").kind == "who"
    assert understand("איפה היא יושבת במרכז הרכש?", "he").kind == "who"


def test_a_new_subdomain_on_day_one_asks_about_warm_up() -> None:
    understood = understand(
        "we just set up a new sending subdomain. can we blast 20k on day one?", "en"
    )
    assert "warm-up" in understood.concepts


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("can you give me a checklist for our stand at LogiMAT next spring?", "en"),
        ("¿Cómo organizo la distribución del stand en la feria?", "es"),
        ("כמה עולה בממוצע קליק בקמפיין לינקדאין שמכוון למנהלי רכש?", "he"),
        ("How do we get our logo beside the sender name with BIMI?", "en"),
    ],
)
def test_neighbouring_subjects_are_declined(
    engine: ChatEngine, message: str, language: str
) -> None:
    answer = engine.answer(message)
    assert answer.language == language
    assert not answer.in_knowledge


def test_what_we_tell_a_repeat_customer_so_they_stay(engine: ChatEngine) -> None:
    first = engine.answer(
        "tenemos un cliente que nos pide lo mismo cada trimestre casi en automático, qué tipo "
        "de compra es?"
    )
    answer = engine.answer(
        "vale, y qué le comunicamos para que no se nos vaya?", None, first.context
    ).answer
    assert answer.startswith("Para que el cliente repita")


def test_how_to_classify_it_or_what_answers_the_accounts_type(engine: ChatEngine) -> None:
    answer = engine.answer(
        "Halvorsen quiere ampliarlo a materiales directos en sus 3 plantas. Esto cómo lo "
        "clasifico, es compra nueva o qué?",
        "halvorsen-precision",
    ).answer
    assert answer.startswith("No: para Halvorsen")
    assert "recompra modificada" in answer[:120]


@pytest.mark.parametrize(
    ("message", "slot", "value"),
    [
        (
            "Con Northbridge vamos a firmar en agosto. ¿Qué contenido le preparamos al MD?",
            "stages",
            "decision",
        ),
        (
            "El dueño aún no tiene claro si la merma justifica meter un sistema. ¿Qué le mando?",
            "stages",
            "need",
        ),
        (
            "Para ellos es crítico: si faltan piezas se paran las líneas. ¿Qué paquete tenemos que "
            "tener listo?",
            "purchase_types",
            "strategic",
        ),
    ],
)
def test_spanish_scenes_that_tell_the_stage_or_type(slot: str, message: str, value: str) -> None:
    understood = understand(message, "es")
    assert value in getattr(understood, slot)
    assert understood.kind == "what-to-send"


def test_which_buying_role_asks_who_and_public_contracting_is_the_buyer() -> None:
    understood = understand("head of public contracting, which buying role is that?", "en")
    assert understood.kind == "who" and understood.roles == ["buyer"]


def test_need_signals_and_a_closing_good_idea() -> None:
    understood = understand(
        "Their finance lead took our self-assessment. Nobody from there has looked at pricing "
        "pages yet. Sales wants to push a demo. Good idea?",
        "en",
    )
    assert understood.stages == ["need"] and understood.kind == "yes-no"


def test_filtering_crm_fields_names_no_filter_role() -> None:
    understood = understand("como segmento la base? por que campos filtro en el CRM?", "es")
    assert understood.roles == [] and "segmentation" in understood.concepts


def test_layout_code_words_name_basic_html() -> None:
    understood = understand("המפתח רוצה לבנות את תבנית הניוזלטר עם div ו-flexbox. זה יעבוד?", "he")
    assert "basic-html" in understood.concepts


def test_the_hebrew_reasons_soft_content_hurts_follow_the_guidance(engine: ChatEngine) -> None:
    answer = engine.answer("למה טקסט שיווקי 'רך' מזיק יותר כשכותבים לחברות?").answer
    for reason in ("אמון", "שיעור הפתיחה", "עלות הזדמנות"):
        assert reason in answer[:300]
