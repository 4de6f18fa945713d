"""Thirteenth round: questions written the way marketers type them (job titles, jargon,
Hebrew loanwords) reach the fact they ask for (issue 11)."""

from __future__ import annotations

import pytest
from leads import opening

from assistant.chat import ChatEngine
from assistant.understanding import understand


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("which DNS records do we set up before the first send?", "en"),
        ("¿qué registros DNS tengo que configurar antes de enviar?", "es"),
        ("אילו רשומות DNS צריך להגדיר לפני שמתחילים לדוור?", "he"),
    ],
)
def test_the_dns_records_question_names_all_three(
    engine: ChatEngine, message: str, language: str
) -> None:
    first = engine.answer(message).answer.split("\n")[0]
    assert all(record in first for record in ("SPF", "DKIM", "DMARC"))
    assert "DNS" in first


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("how do I get the newsletter under Gmail's clipping limit?", "en"),
        ("¿cómo hago para que Gmail no me recorte el boletín?", "es"),
        ("איך מקטינים את הקוד של הניוזלטר כדי שלא ייחתך?", "he"),
    ],
)
def test_how_to_avoid_clipping_opens_with_the_remedy(message: str, language: str) -> None:
    assert opening(message, language) == ["html-slim"]


def test_a_gmail_clipping_follow_up_asks_how_to_slim_the_code(engine: ChatEngine) -> None:
    history = engine.answer("הניוזלטר שלנו נחתך בג'ימייל ומופיע קישור לצפייה בהודעה המלאה")
    answer = engine.answer("אוקיי, ואיך מורידים את המשקל של הקוד?", context=history.context)
    assert "הערות" in answer.answer.split("\n")[0]


@pytest.mark.parametrize(
    ("message", "language", "role"),
    [
        ('ומה התפקיד של היועמ"שית שלהם?', "he", "advisor"),
        ("הבחור מהרכש צריך להצדיק את המחיר מול ההנהלה שלו. מה אני מכין לו?", "he", "buyer"),
    ],
)
def test_hebrew_job_titles_name_their_role(message: str, language: str, role: str) -> None:
    assert understand(message, language).roles == [role]


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("CIOs: I've tagged all CIOs as prescribers in our segments, is that right?", "en"),
        (
            "De momento puse a todos los CIO como prescriptores en la segmentación, ¿está bien?",
            "es",
        ),
        ('כרגע שמתי את כל המנמ"רים כמגדירי דרישות בסגמנטציה, זה נכון?', "he"),
    ],
)
def test_a_whole_title_mapped_to_one_role_is_answered_role_not_title(
    message: str, language: str
) -> None:
    assert "role-by-title" in opening(message, language)


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("why should we segment by buying role first rather than by industry?", "en"),
        ("¿por qué segmentar primero por rol y no por sector?", "es"),
        ("למה להתחיל את הפילוח מהתפקיד של הבן אדם בבאיינג סנטר ולא מהענף?", "he"),
    ],
)
def test_why_role_comes_first_in_segmentation(message: str, language: str) -> None:
    assert opening(message, language)[0] == "segmentation-role-first"


@pytest.mark.parametrize(
    ("message", "language", "concept"),
    [
        (
            "how do we clean up a contact database we haven't touched in two years?",
            "en",
            "list-hygiene",
        ),
        ("איך מנקים מאגר אנשי קשר שלא נגענו בו שנתיים?", "he", "list-hygiene"),
        ("למה מיילים לחברות גדולות פשוט נעלמים? הם אפילו לא בספאם אצלם", "he", "quarantine"),
        (
            "¿por qué los correos a empresas grandes desaparecen? ni siquiera están en spam",
            "es",
            "quarantine",
        ),
        ("איך אני יודע אם הפוסט שכתבנו באמת נותן ערך למנהלים?", "he", "high-value-content"),
        ("למה הלידים שאנחנו מעבירים לסיילס חוזרים עם 'לא רלוונטי'?", "he", "sales-handoff"),
    ],
)
def test_what_a_message_is_about_is_read(message: str, language: str, concept: str) -> None:
    assert concept in understand(message, language).concepts


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("what works best when the customer is searching for suppliers?", "en"),
        ("¿qué funciona cuando el cliente está buscando proveedores?", "es"),
        ("מה הכי עובד בשלב שהלקוח מחפש ספקים ובונה רשימה?", "he"),
    ],
)
def test_a_customer_searching_for_suppliers_is_the_stage_not_the_buyer(
    message: str, language: str
) -> None:
    u = understand(message, language)
    assert (u.roles, u.stages) == ([], ["supplier-search"])


def test_a_stage_follow_up_keeps_asking_about_the_stage(engine: ChatEngine) -> None:
    first = engine.answer("what works best when the customer is searching for suppliers?")
    answer = engine.answer("and at the decision stage?", context=first.context)
    assert answer.answer.startswith("At the decision stage, offer a paid pilot")


def test_what_kicks_one_off_asks_for_the_triggers_of_the_type_before(engine: ChatEngine) -> None:
    first = engine.answer("what's a modified rebuy?")
    answer = engine.answer(
        "what usually kicks one off? we're not the incumbent", context=first.context
    )
    assert answer.answer.startswith("A modified repeat is usually set off by a trigger")


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("An engineer at the client is writing the specs before they send out the RFP.", "en"),
        ("Un ingeniero está definiendo las especificaciones antes de sacar el RFP.", "es"),
        ("מהנדס אצל הלקוח כותב את המפרט לפני שהם מוציאים RFP.", "he"),
        ("Why invest in content before anyone at the account is looking for suppliers?", "en"),
    ],
)
def test_before_the_rfp_is_the_specification_stage(message: str, language: str) -> None:
    assert understand(message, language).stages == ["specification"]


@pytest.mark.parametrize(
    ("message", "language", "fact"),
    [
        (
            "Qué les mando a los clientes que solo reponen cada mes en recompra directa?",
            "es",
            "purchase-keep-repeat",
        ),
        ("Why bother with content at the specification stage?", "en", "specification-why"),
        ("למה להשקיע בתוכן בשלב האפיון?", "he", "specification-why"),
    ],
)
def test_the_question_opens_with_the_fact_it_asks_for(
    message: str, language: str, fact: str
) -> None:
    assert opening(message, language)[0] == fact


def test_when_to_convince_at_the_end_is_the_decider_not_the_filter() -> None:
    # "para" is the preposition "to", not the verb "stops".
    message = "quién tiene la última palabra para elegir proveedor?"
    assert understand(message, "es").roles == ["decider"]


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("Should we go with value-based pricing or cost-plus for our enterprise tier?", "en"),
        ("¿Estrategia de precios: basados en valor o coste más margen?", "es"),
        ("תמחור מבוסס ערך או עלות פלוס לחבילת האנטרפרייז?", "he"),
    ],
)
def test_pricing_strategy_is_declined(engine: ChatEngine, message: str, language: str) -> None:
    assert not engine.answer(message).in_knowledge


def test_a_prospect_not_looking_at_vendors_yet_gets_need_stage_content(
    engine: ChatEngine,
) -> None:
    answer = engine.answer(
        "they're only just realising the process is a mess and not looking at vendors yet. "
        "should i send them a demo invite or something else?"
    )
    assert answer.answer.startswith("At the need stage, send a self-diagnostic")


@pytest.mark.parametrize(
    ("message", "opening_words"),
    [
        (
            "we are setting up DMARC on the newsletter subdomain, where do I start?",
            "Roll DMARC out",
        ),
        ("estamos montando DMARC en el subdominio, por dónde empiezo?", "Despliegue DMARC"),
    ],
)
def test_where_to_start_with_dmarc_is_its_rollout(
    engine: ChatEngine, message: str, opening_words: str
) -> None:
    assert engine.answer(message).answer.startswith(opening_words)


def test_a_dmarc_policy_follow_up_keeps_the_rollout(engine: ChatEngine) -> None:
    first = engine.answer("estamos montando DMARC en el subdominio, por dónde empiezo?")
    answer = engine.answer("y pongo p=reject directamente?", context=first.context)
    assert answer.answer.startswith("Despliegue DMARC por pasos: empiece con p=none")


@pytest.mark.parametrize(
    ("message", "language", "opening_words"),
    [
        (
            "They already use our tool, so this is basically a straight rebuy for them, yes?",
            "en",
            "No: for Halvorsen Precision Components AS this is a modified repeat, not a repeat",
        ),
        (
            "So is it a modified rebuy for them?",
            "en",
            "Yes: for Halvorsen Precision Components AS this is a modified repeat.",
        ),
        (
            "¿Es una recompra directa para ellos?",
            "es",
            "No: para Halvorsen Precision Components AS es una recompra modificada, no una",
        ),
        ("האם זו רכישה חדשה עבורם?", "he", "לא: עבור Halvorsen Precision Components AS זו"),
    ],
)
def test_whether_an_account_is_a_purchase_type_is_answered_first(
    engine: ChatEngine, message: str, language: str, opening_words: str
) -> None:
    answer = engine.answer(message, "halvorsen-precision")
    assert answer.answer.startswith(opening_words)


def test_a_purchase_type_in_the_scene_is_no_verdict(engine: ChatEngine) -> None:
    answer = engine.answer(
        "We are the incumbent and they only extend to direct materials, a modified rebuy. "
        "So we have nothing to fear from competitors, right?",
        "halvorsen-precision",
    )
    assert not answer.answer.startswith(("Yes:", "No:"))


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("this is a straight rebuy for them, yes?", "en"),
        ("Es una recompra directa para ellos, ¿no?", "es"),
    ],
)
def test_a_statement_with_a_tag_asks_yes_or_no(message: str, language: str) -> None:
    assert understand(message, language).kind == "yes-no"


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("why should I care about the warehouse operators if the GM is the one who signs?", "en"),
        ("por qué me preocupo por los operarios de almacén si el que firma es el gerente?", "es"),
        ('למה שיהיה לי אכפת ממפעילי המחסן אם המנכ"ל חותם?', "he"),
    ],
)
def test_why_users_matter_when_someone_else_signs(message: str, language: str) -> None:
    assert opening(message, language)[0] == "role-user-block"


def test_spec_sheets_are_not_the_specification_stage_why(engine: ChatEngine) -> None:
    answer = engine.answer("Why not gate our spec sheets behind a form?")
    assert "specification stage" not in answer.answer.split("\n")[0]
