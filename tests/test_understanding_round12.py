"""Twelfth round: an account's name never decides the language of the question, an account
with nobody in the asked role says so, and words that only look like a cue ("le demos",
"אני סוגרת את הניוזלטר", "140KB") are read for what they say (issue 11)."""

from __future__ import annotations

import pytest

from assistant.chat import ChatEngine
from assistant.facts import lead_facts, select_facts
from assistant.understanding import message_language, understand


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("There's no purchasing department at Frescas del Bajío. Who does the buying?", "en"),
        ("¿Quién decide en Northbridge Third-Party Logistics?", "es"),
        ("Frescas del Bajío", "es"),  # only a name: the name's language
    ],
)
def test_an_account_name_does_not_decide_the_language(
    engine: ChatEngine, message: str, language: str
) -> None:
    assert message_language(message, engine.personas()) == language


def test_an_english_question_about_a_spanish_account_is_answered_in_english(
    engine: ChatEngine,
) -> None:
    answer = engine.answer(
        "There's no purchasing department at Frescas del Bajío. Who's doing the buyer's job?",
        "frescos-del-bajio",
    )
    assert answer.language == "en"
    # The account maps nobody as buyer: the answer says so and names who decides there.
    assert answer.answer.startswith("Nobody at Distribuciones Frescas del Bajío")
    assert "Director General" in answer.answer[:300]


def test_an_account_with_the_role_mapped_names_its_person(engine: ChatEngine) -> None:
    answer = engine.answer("Who is the decider there?", "frescos-del-bajio")
    assert "Nobody at" not in answer.answer
    assert "Director General" in answer.answer


@pytest.mark.parametrize(
    ("message", "language", "absent"),
    [
        # "le demos" is "we give him": no demo is asked about.
        ("¿Por qué sigue con su proveedor aunque le demos mejor precio?", "es", "demo"),
    ],
)
def test_a_verb_that_looks_like_a_concept_is_not_one(
    message: str, language: str, absent: str
) -> None:
    assert absent not in understand(message, language).concepts


def test_closing_a_newsletter_is_not_the_decision_stage() -> None:
    assert understand("אני סוגרת את הניוזלטר החודשי. איך לנסח נושא שיפתחו?", "he").stages == []
    assert understand('מה לשלוח למנכ"ל עכשיו כדי לסגור?', "he").stages == ["decision"]


@pytest.mark.parametrize(
    ("message", "language", "kind", "fact"),
    [
        (
            "המעצב שלח תבנית HTML ששוקלת 140KB. עד איזה גודל כדאי לשמור את הקוד?",
            "he",
            "how-many",
            "html-clipping",
        ),
        ("מאיזה גודל פלח שווה לשלוח לו קמפיין נפרד במייל?", "he", "how-many", "segmentation-size"),
        ("איך אני בודקת שהמאמר באמת נותן משהו לקורא?", "he", "how-to", "high-value-test"),
        (
            "No tengo claro que el informe sectorial aporte de verdad. ¿Cómo lo compruebo?",
            "es",
            "how-to",
            "high-value-test",
        ),
    ],
)
def test_size_and_value_questions_open_with_their_fact(
    message: str, language: str, kind: str, fact: str
) -> None:
    u = understand(message, language)
    assert u.kind == kind
    assert lead_facts(u, select_facts(u))[0].fact.id == fact


@pytest.mark.parametrize(
    ("message", "language", "opening"),
    [
        (
            "Sales wants 10 new customers. With 30% lead to MQL, 40% MQL to SQL and a 25% close "
            "rate, how many leads do I need?",
            "en",
            "You need about 333 leads: 10 deals ÷ (30% × 40% × 25%) = 333.",
        ),
        (
            "Ventas quiere 10 clientes nuevos (CPL 60 €, 30 % de lead a MQL, 40 % de MQL a SQL y "
            "25 % de cierre). ¿Cuántos leads necesito?",
            "es",
            "Necesita unos 333 leads: 10 ventas / (30 % × 40 % × 25 %) = 333. A 60 € por lead, "
            "es un presupuesto de unos 20.000 €.",
        ),
    ],
)
def test_the_funnel_is_worked_backwards_from_the_deals_asked_for(
    engine: ChatEngine, message: str, language: str, opening: str
) -> None:
    assert engine.answer(message).answer.startswith(opening)


def test_a_lead_count_given_is_the_forward_calculation() -> None:
    from assistant.calculations import leads_needed

    message = "We got 500 leads; 15% became MQL and 20% SQL. How many deals will that give?"
    assert leads_needed(message, "en") is None


def test_a_follow_up_how_many_opens_with_a_number_said_in_words(engine: ChatEngine) -> None:
    first = engine.answer("how many stages does a new B2B purchase go through?")
    answer = engine.answer("and for a repeat purchase?", None, first.context)
    # "three stages" is the number asked for: no guidance sentence about new purchases
    # replaces it for want of a digit.
    assert answer.answer.startswith("In a straight repeat")
    assert "three stages" in answer.answer[:300]


def test_number_words_count_as_quantities() -> None:
    from assistant.numbers import states_quantity

    assert states_quantity("a content plan keeps three stages", "en")
    assert states_quantity("el plan se queda en tres etapas", "es")
    assert states_quantity("התוכנית נשארת עם שלושה שלבים", "he")
    assert not states_quantity("send a one-page summary", "en")


@pytest.mark.parametrize(
    ("history", "message", "expected"),
    [
        ("מה זה בעצם רכישה חוזרת עם שינוי?", "ומה בדרך כלל גורם לזה לקרות?", "חידוש חוזה"),
        (
            "¿Cuándo paso un lead del nurturing a ventas?",
            "¿y en cuánto tiempo tiene que llamarle el comercial?",
            "48 horas",
        ),
    ],
)
def test_a_follow_up_gets_the_fact_it_asks_for(
    engine: ChatEngine, history: str, message: str, expected: str
) -> None:
    first = engine.answer(history)
    answer = engine.answer(message, None, first.context)
    assert expected in answer.answer[:300]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("What usually triggers a modified rebuy?", "contract ending within 90 days"),
        ("¿Qué suele provocar una recompra modificada?", "fin del contrato"),
        ("מה גורם לרכישה חוזרת עם שינוי?", "חידוש חוזה"),
    ],
)
def test_what_sets_off_a_modified_repeat_is_answered_by_its_triggers(
    engine: ChatEngine, message: str, expected: str
) -> None:
    assert expected in engine.answer(message).answer[:300]


def test_why_a_modified_repeat_matters_is_still_its_definition(engine: ChatEngine) -> None:
    # No trigger word: the definition (what reopens) opens, not the list of triggers.
    answer = engine.answer("Why should marketing care about a modified rebuy?")
    assert answer.answer.startswith("In a modified repeat")


@pytest.mark.parametrize(
    ("message", "language"),
    [
        (
            "Their MD wants to know what happens if the rollout goes wrong. What do I send him?",
            "en",
        ),
        ("El director pregunta qué pasa si la implantación sale mal. ¿Qué le mando?", "es"),
        ('המנכ"ל שאל מה יקרה להם אם המערכת תיפול באמצע אירוע חירום. מה לשלוח לו?', "he"),
    ],
)
def test_what_if_the_rollout_goes_wrong_is_the_decision_stage(message: str, language: str) -> None:
    # The decider's question at the decision stage: what could go wrong after signing.
    assert understand(message, language).stages == ["decision"]


def test_what_can_go_wrong_with_email_is_not_the_decision_stage() -> None:
    assert understand("What can go wrong with our deliverability?", "en").stages == []


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("The shift lead is worried about the system. Why should I care, he doesn't decide", "en"),
        ("Los jefes de turno están preocupados. ¿Por qué importa si no deciden?", "es"),
        ("ראש המשמרת בליקוט די חושש מהמערכת. למה שזה יעניין אותי, הוא בכלל לא מחליט", "he"),
    ],
)
def test_someone_who_does_not_decide_is_no_decider(message: str, language: str) -> None:
    # "He doesn't decide" names no decider: the question is why a user who does not decide
    # still counts, and the user's fact answers it.
    u = understand(message, language)
    assert u.roles == ["user"]
    assert lead_facts(u, select_facts(u))[0].fact.id == "role-user-block"


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("zero opens from Northbridge while every other domain looks normal. Why?", "en"),
        ("Cero aperturas de un cliente y el resto de dominios bien. ¿Por qué?", "es"),
        ("איש ה-IT שלהם אמר שהמיילים שלנו נתקעים אצלם במימקאסט. מה עושים?", "he"),
    ],
)
def test_mail_that_one_company_never_opens_is_quarantine(message: str, language: str) -> None:
    assert "quarantine" in understand(message, language).concepts


def test_a_question_about_a_segment_email_is_answered_not_routed_to_segments(
    engine: ChatEngine,
) -> None:
    answer = engine.answer(
        "Estoy terminando el email para el segmento industrial y llevo frases tipo «si su "
        "empresa es de alimentación…». ¿Lo envío así?"
    )
    assert "segmentación" not in answer.answer.split(".")[0]
    assert "divida el segmento" in answer.answer
    # An order for the segment's plan still goes to the segment plans.
    ordered = engine.answer("¿Me preparas el plan del segmento 2?")
    assert ordered.answer.startswith("Aún no hay segmentación")


@pytest.mark.parametrize(
    ("message", "language"),
    [
        (
            "The CPL dropped to 35 EUR but sales has nobody to talk to. How can a cheap lead be a "
            "problem?",
            "en",
        ),
        ("El CPL bajó a 35 €. ¿Cómo puede ser un problema un lead barato?", "es"),
        (
            "ה-CPL ירד ל-35 ₪, אבל המכירות אומרות שאין עם מי לדבר. איך ליד זול יכול להיות בעיה?",
            "he",
        ),
    ],
)
def test_how_can_it_be_a_problem_asks_why(message: str, language: str) -> None:
    u = understand(message, language)
    assert u.kind == "why"
    assert lead_facts(u, select_facts(u))[0].fact.id == "metric-cpl-low"


@pytest.mark.parametrize(
    ("message", "language", "concept"),
    [
        (
            "Un lead pidió demo el lunes y el comercial dice que lo llama la semana que viene",
            "es",
            "sales-handoff",
        ),
        (
            "The lead asked for a demo and sales says they'll call him next week",
            "en",
            "sales-handoff",
        ),
        ("¿Y cuánto puede pesar como máximo el correo?", "es", "clipping"),
    ],
)
def test_what_a_message_is_about_is_read(message: str, language: str, concept: str) -> None:
    assert concept in understand(message, language).concepts


def test_the_weight_of_images_is_not_the_weight_of_the_message() -> None:
    assert "clipping" not in understand("¿cuánto deberían pesar las imágenes?", "es").concepts


def test_a_prospect_unsure_they_even_have_a_problem_is_at_the_need_stage() -> None:
    message = "Un prospecto que todavía no tiene claro ni si tiene un problema, ¿qué le mando?"
    assert understand(message, "es").stages == ["need"]


@pytest.mark.parametrize(
    ("message", "language"),
    [
        (
            "our emails get stuck with an IT person who decides what gets passed on to the "
            "committee. what role is that?",
            "en",
        ),
        ("Hay una persona de TI que decide qué correos pasan al comité. ¿Qué rol es?", "es"),
    ],
)
def test_who_decides_what_gets_passed_on_is_the_filter(message: str, language: str) -> None:
    assert understand(message, language).roles == ["filter"]


def test_classic_and_new_outlook_compare_on_their_engines(engine: ChatEngine) -> None:
    answer = engine.answer("classic Outlook vs the new Outlook for Windows: what's the difference?")
    assert "Word's engine" in answer.answer[:300]
    assert "web engine" in answer.answer[:300]


def test_a_follow_up_with_figures_keeps_the_metric_of_the_conversation(
    engine: ChatEngine,
) -> None:
    first = engine.answer("איך מחשבים CPL?")
    answer = engine.answer("ואם שילמנו 48,000 ₪ וקיבלנו 300 לידים?", None, first.context)
    # "לידים" is the everyday word: the CPL asked about before is worked out.
    assert answer.answer.startswith("ה-CPL שלכם הוא 160 ₪")


@pytest.mark.parametrize(
    ("message", "language", "concept"),
    [
        ("למה לא לעצב ניוזלטר עם עיצוב מתקדם כשכותבים לארגונים?", "he", "basic-html"),
        ("Why not send a newsletter with a fancy design to corporate readers?", "en", "basic-html"),
        ("למה טקסט שיווקי ריק מזיק יותר ב-B2B מאשר ב-B2C?", "he", "soft-content"),
    ],
)
def test_design_and_empty_copy_are_read(message: str, language: str, concept: str) -> None:
    assert concept in understand(message, language).concepts


def test_a_hebrew_comparison_than_is_no_approver() -> None:
    # "יותר ב-B2B מאשר ב-B2C" is "more in B2B than in B2C", not someone who approves.
    assert understand("למה טקסט שיווקי ריק מזיק יותר ב-B2B מאשר ב-B2C?", "he").roles == []
    assert understand("מי מאשר בסוף את הרכישה?", "he").roles == ["decider"]


@pytest.mark.parametrize(
    ("message", "closest"),
    [
        ("what's the best day and time to send our B2B newsletter?", "The knowledge does not"),
        ("מה השעה הכי טובה לשלוח ניוזלטר למנהלי IT?", "בסיס הידע לא מכסה"),
    ],
)
def test_the_best_time_to_send_is_out_of_scope(
    engine: ChatEngine, message: str, closest: str
) -> None:
    answer = engine.answer(message)
    assert not answer.in_knowledge
    assert answer.answer.startswith(closest)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "הכנו טבלת השוואה מול שלושה מתחרים ואנחנו מנצחים בכל שורה. למה המנהלת שלי מבקשת "
            "להוסיף שורות שבהן אנחנו חלשים יותר?",
            "כולל השורות שבהן מתחרה עדיף עליכם",
        ),
        (
            "Estoy preparando la tabla comparativa para el comprador. ¿Cómo la hago creíble?",
            "incluidos aquellos en los que no gana usted",
        ),
    ],
)
def test_a_comparison_grid_is_credible_when_honest(
    engine: ChatEngine, message: str, expected: str
) -> None:
    assert expected in engine.answer(message).answer[:300]


def test_adding_rows_to_a_table_is_no_modified_repeat() -> None:
    assert understand("המנהלת שלי מבקשת להוסיף שורות לטבלה", "he").purchase_types == []
    assert understand("הלקוח מבקש להוסיף משתמשים", "he").purchase_types == ["modified-repeat"]


def test_who_makes_the_decision_in_the_end_is_the_decider_not_the_stage() -> None:
    u = understand("מי אצלם מקבל בסוף את ההחלטה על ההרחבה?", "he")
    assert u.roles == ["decider"]
    assert u.stages == []  # "את ההחלטה" is the decision someone makes, not the fifth stage
    assert understand("מה שולחים בשלב ההחלטה?", "he").stages == ["decision"]


def test_a_follow_up_in_another_shape_still_answers_from_its_subject(engine: ChatEngine) -> None:
    context = None
    for message in (
        "We've had a deal stuck for two months, the prospect went quiet and never objected.",
        "Should I just drop the price?",
    ):
        context = engine.answer(message, None, context).context
    answer = engine.answer("ok so what do I look at before that?", None, context)
    assert answer.in_knowledge
    assert "budget cycles" in answer.answer[:300]


@pytest.mark.parametrize(
    ("message", "persona", "opening"),
    [
        (
            "Can I send their CFO the general Northwind brochure?",
            "halvorsen-precision",
            "Not as it stands: our review rates “Northwind brochure” soft (0/100)",
        ),
        (
            "¿Puedo mandar el folleto de Northwind al director financiero?",
            None,
            "Tal como está, no: nuestra revisión califica «Northwind brochure» como blando",
        ),
        (
            "אפשר לשלוח ל-CFO שלהם את הברושור הכללי של Northwind?",
            "halvorsen-precision",
            'לא במצבו הנוכחי: הבדיקה שלנו מדרגת את "Northwind brochure" כתוכן רך',
        ),
    ],
)
def test_sending_an_asset_the_review_rates_soft_is_answered_no(
    engine: ChatEngine, message: str, persona: str | None, opening: str
) -> None:
    answer = engine.answer(message, persona)
    assert answer.answer.startswith(opening)
    assert answer.citations  # the soft-content guidance it rests on


def test_a_brochure_of_any_kind_is_not_the_library_asset(engine: ChatEngine) -> None:
    answer = engine.answer("¿Qué deberían mandarles en vez del folleto?")
    assert "Northwind brochure" not in answer.answer


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("why not offer a demo to people who just downloaded our self-assessment?", "en"),
        (
            "Un lead acaba de descargar nuestro autodiagnóstico y el SDR quiere ofrecerle "
            "una demo. ¿Por qué no es buena idea?",
            "es",
        ),
    ],
)
def test_why_no_demo_at_the_need_stage(message: str, language: str) -> None:
    u = understand(message, language)
    assert u.stages == ["need"]
    assert lead_facts(u, select_facts(u))[0].fact.id == "demo-too-early"


def test_a_demo_in_the_scene_of_another_why_is_not_asked_about() -> None:
    u = understand("The prospect loved the demo, yet the deal stalled. Why does that happen?", "en")
    assert all(s.fact.id != "demo-too-early" for s in lead_facts(u, select_facts(u)))


def test_a_button_made_of_an_image_gets_the_table_cell_button(engine: ChatEngine) -> None:
    answer = engine.answer("אפשר לעשות את כפתור ה-CTA במייל כתמונה?")
    assert answer.answer.startswith("בנו כפתור מתא טבלה")
    english = engine.answer("Can our CTA button be an image?")
    assert "Build buttons from table cells" in english.answer


def test_the_role_that_never_fills_in_forms_is_answered_by_inbound_and_outbound(
    engine: ChatEngine,
) -> None:
    answer = engine.answer("which buying-center role almost never fills in our download forms?")
    assert "deciders seldom fill in forms" in answer.answer[:300]
