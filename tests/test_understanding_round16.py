"""Sixteenth round: what someone does not do names no role or stage, a question typed
without accents is no pasted copy, a purchase type told by its scene, and a role's reading
opens a what-to-send question that also names a purchase type (issue 11)."""

from __future__ import annotations

import pytest
from leads import opening

from assistant.chat import ChatEngine, pasted_kind
from assistant.understanding import understand


def test_what_someone_does_not_do_names_no_role_or_stage() -> None:
    u = understand(
        "one person at the account is pulling together info on 6 possible vendors and sending "
        "out RFIs. she isnt defining the spec and wont make the final call. what role is she",
        "en",
    )
    assert u.kind == "who"
    assert u.roles == ["buyer"]
    assert u.stages == []


def test_the_assistant_to_an_executive_is_the_filter_not_the_executive() -> None:
    u = understand(
        "EA to their COO, she reads every vendor email first and decides what gets passed up "
        "the chain. what's her role",
        "en",
    )
    assert u.roles == ["filter"]


@pytest.mark.parametrize(
    "message",
    [
        "en una cadena de hoteles hay un chavo de compras que me pidio cotizacion a mi y a otros "
        "3 proveedores para armar un comparativo con toda la info. ese que rol es",
        "una clinica que nunca ha tenido software para su almacen y ahora lo quiere implantar. "
        "como clasifico esa compra y que implica para el contenido",
        "el gerente de operaciones de una cadena de supermercados apenas se esta dando cuenta de "
        "que pierden mercancia por caducidad, todavia ni piensan en buscar proveedor. q le envio "
        "sin parecer pesados",
    ],
)
def test_a_question_typed_without_accents_is_no_pasted_copy(message: str) -> None:
    assert pasted_kind(message) is None


def test_copy_without_a_question_is_still_pasted_copy() -> None:
    copy = (
        "Nuestra plataforma reduce un 30% el tiempo de preparación de pedidos. Más de 200 "
        "almacenes en España ya la usan cada día. Solicite hoy su diagnóstico gratuito."
    )
    assert pasted_kind(copy) == "copy"


@pytest.mark.parametrize(
    ("message", "language", "purchase_types"),
    [
        (
            "Heard one of our competitor's biggest customers had a nasty service outage, and "
            "their contract runs out in about 2 months. Is it worth going after them now?",
            "en",
            ["modified-repeat"],
        ),
        (
            "una clinica que nunca ha tenido software para su almacen y ahora lo quiere "
            "implantar. como clasifico esa compra",
            "es",
            ["new"],
        ),
        (
            "לקוח ותיק, ובינתיים נכנס להם סמנכ\"ל תפעול חדש שרוצה 'לבדוק מה יש בשוק'. "
            "איזה סוג רכישה זה?",
            "he",
            ["modified-repeat"],
        ),
    ],
)
def test_a_purchase_type_told_by_its_scene(
    message: str, language: str, purchase_types: list[str]
) -> None:
    assert purchase_types[0] in understand(message, language).purchase_types


def test_growing_a_campaign_is_no_modified_repeat() -> None:
    u = understand("המנהל רוצה להגדיל את א׳ כי הליד זול יותר. מי צודק?", "he")
    assert u.purchase_types == []
    assert understand("הלקוח רוצה להגדיל את ההזמנה", "he").purchase_types == ["modified-repeat"]


@pytest.mark.parametrize(
    ("message", "language", "kind"),
    [
        ("How would you classify this purchase?", "en", "define"),
        ("como clasifico esa compra", "es", "define"),
        ("איך מגדירים רכישה כזאת?", "he", "define"),
        ("Que le puedo enviar para que termine de decidirse?", "es", "what-to-send"),
    ],
)
def test_classify_asks_a_definition_and_que_le_puedo_enviar_what_to_send(
    message: str, language: str, kind: str
) -> None:
    assert understand(message, language).kind == kind


@pytest.mark.parametrize(
    ("message", "language", "roles", "stages"),
    [
        (
            "the surgical block nursing supervisor will use the system every shift. what "
            "content works for her?",
            "en",
            ["user"],
            [],
        ),
        ("ok y al contador que le mando para que no nos tumbe la venta", "es", ["advisor"], []),
        (
            "el de compras esta recortando la lista de proveedores a 3 o 4, que le mandamos",
            "es",
            ["buyer"],
            ["supplier-search"],
        ),
        (
            "El prospecto todavía ni tiene claro si tiene un problema. ¿Qué le mando?",
            "es",
            [],
            ["need"],
        ),
        ("why not push a demo when the lead only downloaded a blog post?", "en", [], ["need"]),
        (
            "Their operations lead is sitting down this month to write the list of what the new "
            "system has to do. What content helps him most?",
            "en",
            ["prescriber"],
            [],
        ),
        (
            "my SDRs want to book demos with everyone who downloads our benchmark report. why is "
            "that a bad idea?",
            "en",
            [],
            ["need"],
        ),
        (
            "Why does their CFO keep grilling us about what happens if we go bust instead of "
            "talking price?",
            "en",
            ["decider"],
            [],
        ),
        (
            "Nos metieron en un proceso donde tienen 9 proveedores y van a dejar 3. Q le mandamos "
            "al de compras?",
            "es",
            ["buyer"],
            ["supplier-search"],
        ),
        (
            "La Jefa de Mantenimiento y sus tecnicos no firman nada pero son los q van a estar "
            "con la tablet todo el dia. q papel juegan?",
            "es",
            ["user"],
            [],
        ),
        ("למה לטרוח בכלל על תוכן למשתמשי קצה אם הם לא אלה שחותמים?", "he", ["user"], []),
    ],
)
def test_roles_and_stages_told_by_what_people_do(
    message: str, language: str, roles: list[str], stages: list[str]
) -> None:
    u = understand(message, language)
    assert u.roles == roles
    assert u.stages == stages


def test_a_vanishing_background_image_is_no_quarantine_and_a_surgical_block_no_filter() -> None:
    he = understand("באאוטלוק תמונת הרקע נעלמת והפינות יוצאות מרובעות. מה עושים?", "he")
    assert "quarantine" not in he.concepts
    assert "basic-html" in he.concepts
    en = understand("the surgical block supervisor has no time. what to send her?", "en")
    assert "deliverability" not in en.concepts


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("how much does HubSpot Marketing Hub Professional cost for 3 seats?", "en"),
        ("cuanto cuesta al mes hubspot marketing hub professional para 5 usuarios?", "es"),
        ("כמה עולה רישיון HubSpot Marketing Hub לחמישה משתמשים בחודש?", "he"),
    ],
)
def test_the_price_of_a_marketing_tool_is_declined(
    engine: ChatEngine, message: str, language: str
) -> None:
    answer = engine.answer(message)
    assert answer.in_knowledge is False


def test_what_to_send_a_named_role_opens_with_its_reading_not_the_purchase_type() -> None:
    assert opening("que le mando al director financiero? es el que firma la ampliacion", "es") == [
        "reads-decider"
    ]


def test_comparing_purchase_types_by_content_sent_opens_with_the_types() -> None:
    assert set(
        opening("straight rebuy vs modified rebuy - what's the diff for the content we send?", "en")
    ) & {"purchase-repeat", "purchase-modified"}


def test_why_spend_content_on_end_users_says_why_they_count(engine: ChatEngine) -> None:
    answer = engine.answer("למה לבזבז זמן ותוכן על משתמשי הקצה? מי שחותם זה ההנהלה לא?")
    first = answer.answer.split("\n")[0]
    assert "תפקיד שישי" in first
    assert "להכשיל" in first


def test_a_modified_repeat_is_the_challengers_window(engine: ChatEngine) -> None:
    answer = engine.answer(
        "Heard one of our competitor's biggest customers had a nasty service outage last "
        "month, and their contract runs out in about 2 months. Is it worth going after them?"
    )
    first = answer.answer.split("\n")[0]
    assert "modified repeat" in first
    assert "window for a challenger" in first


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("What does the buyer need at the negotiation stage?", "en"),
        ("¿Qué necesita el comprador en la etapa de negociación?", "es"),
        ("מה שולחים לקניין בשלב המשא ומתן?", "he"),
    ],
)
def test_the_word_stage_beside_a_named_stage_is_no_question_about_the_process(
    message: str, language: str
) -> None:
    u = understand(message, language)
    assert u.stages == ["negotiation"]
    assert "buying-process" not in u.concepts
    assert "stage-named" in u.concepts


def test_a_stage_named_with_its_stage_word_keeps_the_why_of_that_stage() -> None:
    assert opening(
        "Why is it worth putting effort into content for the specification stage?", "en"
    ) == ["specification-why"]


def test_what_to_send_at_a_named_stage_does_not_list_the_five_stages(engine: ChatEngine) -> None:
    answer = engine.answer('מה לשלוח למנהלת הרכש כשאנחנו כבר בשלב המו"מ?').answer
    assert "חמישה שלבים" not in answer


@pytest.mark.parametrize(
    ("message", "language"),
    [
        (
            "el cliente recien se esta dando cuenta de q tiene un problema con las paradas de "
            "linea. le ofrezco ya una demo o q le mando",
            "es",
        ),
        (
            "el operario q va a usar el software todos los dias se queja de q le vamos a "
            "complicar la vida. cuenta en la decision o lo ignoro y voy al director",
            "es",
        ),
    ],
)
def test_a_first_person_question_is_no_pasted_copy(message: str, language: str) -> None:
    assert pasted_kind(message) is None


def test_complaining_and_a_say_in_the_decision_are_no_spam_complaints_or_stage() -> None:
    u = understand(
        "el operario se queja de q le vamos a complicar la vida. cuenta en la decision?", "es"
    )
    assert "complaints" not in u.concepts
    assert u.stages == []


def test_a_scene_told_first_still_declines_an_outside_subject(engine: ChatEngine) -> None:
    answer = engine.answer(
        "Vamos a lanzar un programa de referidos para los clientes que ya nos recompran cada "
        "mes. Qué incentivo funciona mejor, descuento o comisión?"
    )
    assert not answer.in_knowledge


def test_triggers_asked_after_a_straight_repeat_name_them(engine: ChatEngine) -> None:
    first = engine.answer(
        "Our target reorders the same stuff every month from their current supplier without "
        "looking at alternatives, how do we get in?"
    )
    answer = engine.answer("ok so what triggers should we watch for?", context=first.context)
    assert "price increase" in answer.answer
    assert "new manager" in answer.answer


def test_inactive_contacts_get_one_re_permission_email_then_suppression(
    engine: ChatEngine,
) -> None:
    answer = engine.answer("Should we keep mailing contacts who haven't engaged in over a year?")
    assert "re-permission" in answer.answer.split("\n")[0]


def test_why_not_judge_inactivity_by_opens_opens_with_the_reason(engine: ChatEngine) -> None:
    answer = engine.answer(
        "Why shouldn't we use open rates to decide which contacts have gone inactive?"
    )
    assert "privacy" in answer.answer[:300]


def test_a_strategic_sourcing_manager_names_no_strategic_purchase() -> None:
    u = understand("Their Strategic Sourcing Manager handles the renewal. What do we send?", "en")
    assert "strategic" not in u.purchase_types
    assert u.roles == ["buyer"]


def test_a_pilot_is_the_decision_stage() -> None:
    assert understand("He asked how a pilot would work. What do we send?", "en").stages == [
        "decision"
    ]


@pytest.mark.parametrize(
    ("message", "language"),
    [
        (
            "queremos entrar en una cuenta donde la competencia les surte toner hace años, "
            "repiten el pedido en automatico. como hacemos para meternos ahi?",
            "es",
        ),
        (
            "A competitor supplies them and they reorder every month without looking around. "
            "How do we get in?",
            "en",
        ),
    ],
)
def test_breaking_into_a_straight_repeat_opens_with_the_outsiders_side(
    message: str, language: str
) -> None:
    assert opening(message, language) == ["purchase-repeat-outsider"]


def test_why_customers_stay_is_not_the_outsiders_side() -> None:
    assert "purchase-repeat-outsider" not in opening(
        "why do prospects keep renewing with their current supplier even when we're the "
        "better fit?",
        "en",
    )


def test_the_role_a_scene_acts_out_answers_who_over_the_job_title() -> None:
    message = (
        'סמנכ"לית התפעול אצל הלקוח לא נכנסת לפרטים הטכניים, אבל התקציב אצלה והיא זאת שבסוף '
        "בוחרת איזו הצעה זוכה. מה היא בDMU?"
    )
    assert understand(message, "he").kind == "who"
    assert opening(message, "he")[0] == "role-decider"


def test_a_guessed_act_in_a_question_does_not_decide_the_role() -> None:
    message = (
        "el Category Manager es el que nos pide demos con sus propios datos. ¿Qué papel "
        "tiene? ¿Es el que firma?"
    )
    assert len(opening(message, "es")) == 2


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("how do I work out payroll tax withholding on commission for our sales reps", "en"),
        (
            "puedo mandar mails en frio en Colombia? q dice exactamente la ley de habeas data, "
            "necesito la respuesta legal",
            "es",
        ),
        ("si un cliente nos demanda por no cumplir el SLA cuanto seria la indemnizacion?", "es"),
    ],
)
def test_tax_and_legal_questions_are_declined(
    engine: ChatEngine, message: str, language: str
) -> None:
    assert engine.answer(message).in_knowledge is False


def test_an_account_asked_the_wrong_purchase_type_is_corrected_first(engine: ChatEngine) -> None:
    answer = engine.answer(
        "halvorsen ya es cliente nuestro y ahora quieren extenderlo a materiales directos. eso "
        "es recompra directa no?",
        "halvorsen-precision",
    )
    assert answer.answer.startswith("No:")


def test_how_do_we_set_up_is_no_definition_but_how_do_we_classify_is() -> None:
    assert understand("איך מגדירים DMARC לדומיין בלי לשבור את הדיוור?", "he").kind == "how-to"
    assert understand("איך מגדירים רכישה כזאת?", "he").kind == "define"


def test_a_first_time_needs_a_buyer_who_never_had_it_or_looks_for_it() -> None:
    assert understand("ארגון שמעולם לא היה לו CRM ועכשיו בודק לראשונה", "he").purchase_types == [
        "new"
    ]
    assert understand("איך מגדירים DMARC בפעם הראשונה?", "he").purchase_types == []


def test_the_guy_from_purchasing_who_asked_several_vendors_for_quotes_is_the_buyer(
    engine: ChatEngine,
) -> None:
    answer = engine.answer(
        "en una cadena de hoteles hay un chavo de compras que me pidio cotizacion a mi y a "
        "otros 3 proveedores para armar un comparativo con toda la info. ese que rol es"
    )
    assert answer.intent == "question"
    assert "comprador" in answer.answer.split("\n")[0]
