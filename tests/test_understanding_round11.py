"""Eleventh round: chat-register questions (a question word after the complaint's "??", "x q"
for "por qué", a price per lead read as CPL, a gatekeeper who stops the mails) and the reasons
the guidance gives stated in the facts (soft copy costs trust; open content brings search
traffic) (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.chat import ChatEngine
from assistant.understanding import understand


@pytest.mark.parametrize(
    ("message", "language", "kind"),
    [
        (
            "campaign B had half the CPL of campaign A but finance says it's the worse one?? why",
            "en",
            "why",
        ),
        ("x q me piden quitar 'líderes del sector' del newsletter? queda pro", "es", "why"),
        ("Qué nos sale más caro: 200 leads a 30 € o 100 leads a 60 €?", "es", "compare"),
        ("which one works out cheaper in the end, vendor A or vendor B?", "en", "compare"),
    ],
)
def test_chat_register_question_words_are_read(message: str, language: str, kind: str) -> None:
    assert understand(message, language).kind == kind


def test_a_question_mark_on_the_scene_with_no_cue_keeps_its_own_reading() -> None:
    # No later sentence cues a kind: the first asking sentence stays the question.
    assert understand("finance says it's the worse one?? really", "en").kind == "other"


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("a lead vendor is offering us leads at 40 EUR, why might it end up worse", "en"),
        ("un proveedor nos vende leads a 30 €, ¿conviene?", "es"),
        ('ספק מציע לנו לידים ב-40 ש"ח, למה זה יכול לצאת יקר יותר?', "he"),
    ],
)
def test_a_price_per_lead_is_a_cpl(message: str, language: str) -> None:
    assert "cpl" in understand(message, language).metrics


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("the CFO's EA stops all our emails, what role is she", "en"),
        (
            "la jefa de IT no decide nada pero me frena todos los mails antes del comite, "
            "q rol es?",
            "es",
        ),
        ('העוזרת של הסמנכ"ל עוצרת את כל המיילים שלנו, מה התפקיד שלה?', "he"),
    ],
)
def test_who_stops_the_mails_is_the_filter(message: str, language: str) -> None:
    understood = understand(message, language)
    assert understood.kind == "who"
    assert understood.roles == ["filter"]


@pytest.mark.parametrize(
    ("message", "language"),
    [
        (
            "why not offer a demo to someone who's only just realising they might have a problem?",
            "en",
        ),
        ("they noticed an issue with their warehouse, what do we send", "en"),
        ("הם רק קולטים שיש להם בעיה במחסן, מה לשלוח?", "he"),
    ],
)
def test_noticing_a_problem_is_the_need_stage(message: str, language: str) -> None:
    assert understand(message, language).stages == ["need"]


def test_the_one_person_at_the_account_is_about_the_buying_center() -> None:
    message = "why can't we just write for the one person we're talking to at the account?"
    assert "buying-center" in understand(message, "en").concepts


def test_why_not_demo_at_the_need_stage_is_answered_not_declined(engine: ChatEngine) -> None:
    answer = engine.answer(
        "why shouldn't I offer a demo to someone who's only just realising they might have "
        "a problem?"
    )
    assert answer.in_knowledge
    assert "nobody has framed a project" in answer.answer[:300]


def test_a_cheaper_cpl_asked_why_worse_opens_with_cost_per_deal(engine: ChatEngine) -> None:
    answer = engine.answer(
        "campaign B had half the CPL of campaign A but finance says it's the worse one?? why"
    )
    assert answer.answer.startswith("A low CPL is no win")


def test_comparing_two_lead_prices_opens_with_cost_per_sql(engine: ChatEngine) -> None:
    answer = engine.answer(
        "Qué nos sale más caro al final: 200 leads a 30 € que pasan a SQL un 5 %, "
        "o 100 leads a 60 € con un 25 % a SQL?"
    )
    opening = answer.answer.split("\n")[0]
    assert "600 €" in opening
    assert "240 €" in opening


def test_comparing_two_cpl_definitions_opens_with_the_full_cost(engine: ChatEngine) -> None:
    answer = engine.answer('CPL "solo medios" vs CPL "coste completo", ¿qué diferencia hay?')
    assert answer.answer.startswith("CPL (coste por lead)")
    assert "agencia" in answer.answer.split("\n")[0]


def test_hebrew_soft_copy_costs_trust(engine: ChatEngine) -> None:
    answer = engine.answer('למה לא לכתוב בדף הבית "המובילים בישראל"? כולם כותבים ככה')
    assert "אמון" in answer.answer[:300]


def test_hebrew_open_content_brings_search_traffic(engine: ChatEngine) -> None:
    answer = engine.answer("למה לא כדאי לחסום את דפי המפרט מאחורי טופס?")
    assert "חיפוש" in answer.answer.split("\n")[0]


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("למה כשלקוח של מתחרה מחדש חוזה או מחליף מנהל זה בדיוק הזמן שלנו להיכנס", "he"),
        ("their new head of logistics started last month, is this our chance to get in?", "en"),
    ],
)
def test_a_new_manager_is_a_modified_repeat_trigger(message: str, language: str) -> None:
    assert "modified-repeat" in understand(message, language).purchase_types


def test_a_competitors_renewal_window_is_answered_with_the_reopened_stages(
    engine: ChatEngine,
) -> None:
    answer = engine.answer("למה כשלקוח של מתחרה מחדש חוזה או מחליף מנהל זה בדיוק הזמן שלנו להיכנס")
    assert answer.in_knowledge
    assert "האפיון וחיפוש הספקים" in answer.answer[:300]


def test_a_table_row_is_never_quoted() -> None:
    from assistant.quoting import clean_sentence

    assert (
        clean_sentence("| Line | Northwind figure used by default | |---|---| | Hardware |") is None
    )
    assert clean_sentence("Warm up a new domain over four to six weeks.") is not None


def test_no_answer_quotes_a_table(engine: ChatEngine) -> None:
    answer = engine.answer(
        "their new head of logistics started last month, is this our chance to get in?"
    )
    assert "|---" not in answer.answer


def test_which_kind_of_messages_to_send_asks_what_to_send() -> None:
    message = (
        "a los clientes q ya nos compran lo mismo cada mes, q tipo de comunicaciones les mandamos?"
    )
    assert understand(message, "es").kind == "what-to-send"


def test_the_accounts_person_a_who_question_describes_answers_by_role(engine: ChatEngine) -> None:
    answer = engine.answer(
        "La jefa de farmacia del hospital, ¿qué rol tiene en esta compra y qué material le mando?",
        "hospital-vega-del-tajo",
    )
    assert "prescriptor" in answer.answer[:300].casefold()


def test_two_people_described_equally_name_no_role() -> None:
    from assistant.answering import asked_member
    from assistant.personas import load_personas

    personas, _ = load_personas(Path(__file__).parent.parent / "knowledge" / "personas")
    halvorsen = next(p for p in personas if p.id == "halvorsen-precision")
    # "direct materials" is in both the category manager's title and the CFO's goal.
    understood = understand("who at Halvorsen cares about direct materials?", "en")
    assert asked_member(understood, halvorsen) is None


def test_defining_what_the_extension_has_to_do_is_the_prescriber() -> None:
    message = "Who is defining what the sourcing extension has to do, and what role is that?"
    assert understand(message, "en").roles == ["prescriber"]


def test_what_counts_as_asks_for_a_definition_in_hebrew() -> None:
    assert understand("מה בדיוק נחשב ליד?", "he").kind == "define"


def test_a_quoted_hebrew_plural_superlative_is_soft_copy() -> None:
    message = "למה ביטויים כמו 'הכי טובים בשוק' פוגעים במייל לאנשי רכש?"
    assert "soft-content" in understand(message, "he").concepts


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("a client is evaluating us for a system without which their plant stops", "en"),
        ("un cliente nos evalúa para un sistema sin el cual su planta se para", "es"),
        ("לקוח בוחן אותנו כספק למערכת שבלעדיה המפעל שלו נעצר", "he"),
    ],
)
def test_a_system_without_which_the_plant_stops_is_strategic(message: str, language: str) -> None:
    assert "strategic" in understand(message, language).purchase_types


def test_not_shopping_yet_is_the_need_stage() -> None:
    message = (
        "A prospect has only just started noticing their stock-outs are a problem and isn't "
        "shopping yet. What should I send them?"
    )
    assert understand(message, "en").stages == ["need"]


def test_a_customer_ordering_every_month_asks_what_to_send_a_repeat_buyer() -> None:
    message = (
        "A un cliente que ya nos hace pedidos cada mes, ¿qué tipo de comunicaciones le "
        "deberíamos mandar?"
    )
    understood = understand(message, "es")
    assert understood.kind == "what-to-send"
    assert understood.purchase_types == ["repeat"]


@pytest.mark.parametrize(
    ("message", "concepts"),
    [
        # Ordering again is the repeat purchase itself, not the ease of reordering.
        ("¿En qué se distingue una recompra modificada de volver a pedir lo mismo?", []),
        ("¿cómo hacemos más fácil que vuelvan a pedir?", ["reorder-ease"]),
        ("¿qué les mandamos para que volver a pedirnos sea comodísimo?", ["reorder-ease"]),
    ],
)
def test_reordering_is_the_ease_only_when_ease_is_asked(message: str, concepts: list[str]) -> None:
    assert understand(message, "es").concepts == concepts


def test_who_then_how_to_get_past_them_answers_both(engine: ChatEngine) -> None:
    answer = engine.answer(
        "ceo's EA screens everything we send, nothing gets through. what role is she in the "
        "DMU + how do i get past her"
    )
    opening = answer.answer.split("\n")[0]
    assert opening.startswith("The filter is the gatekeeper")
    assert "three-line summary" in opening


@pytest.mark.parametrize(
    ("message", "language"),
    [
        (
            "the COO has the final say and he joined a call asking about references and rollout "
            "timelines. what content makes sense now?",
            "en",
        ),
        (
            "Prospect's CEO has pretty much picked us, he's nervous about what happens after "
            "he signs",
            "en",
        ),
        (
            "El director general casi nos ha elegido, pero le preocupa qué pasa después de que "
            "firme",
            "es",
        ),
        ('המנכ"ל כמעט בחר בנו אבל דואג מה יקרה אחרי שיחתום', "he"),
    ],
)
def test_decision_stage_signals_are_read(message: str, language: str) -> None:
    assert understand(message, language).stages == ["decision"]


def test_getting_to_sign_it_off_is_the_decider() -> None:
    message = "does the category manager get to sign it off or is it someone above him?"
    assert "decider" in understand(message, "en").roles


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("the VP who only joins at the very end, which role is that?", "en"),
        ("el director que solo aparece al final, ¿qué rol tiene?", "es"),
        ('כשהסמנכ"ל תפעול נכנס לשיחות רק לקראת הסוף, מה התפקיד שלו במרכז הרכש?', "he"),
    ],
)
def test_who_joins_only_at_the_end_is_the_decider(message: str, language: str) -> None:
    assert "decider" in understand(message, language).roles


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("why send the ROI calculator in september instead of january?", "en"),
        ("¿por qué mandar la calculadora en septiembre y no en enero?", "es"),
        ("למה כדאי לשלוח ללקוחות מחשבון ROI כבר בסתיו ולא לחכות לתחילת השנה?", "he"),
    ],
)
def test_autumn_rather_than_january_is_the_budget_calendar(message: str, language: str) -> None:
    assert "budget-cycle" in understand(message, language).concepts


def test_why_images_show_as_empty_boxes_opens_with_blocked_images(engine: ChatEngine) -> None:
    answer = engine.answer(
        "הניוזלטר מגיע לחצי מהלקוחות עם ריבועים ריקים במקום תמונות ואף אחד לא רואה את הכפתור. למה?"
    )
    assert "חוסם תמונות" in answer.answer.split("\n")[0]


def test_the_role_asked_by_what_it_does_opens_before_the_candidates(engine: ChatEngine) -> None:
    answer = engine.answer(
        "en Frescos del Bajio quien tiene la ultima palabra, el director general o el contador "
        "externo?",
        "frescos-del-bajio",
    )
    assert answer.answer.startswith("El decisor")
    assert "Director General" in answer.answer[:300]


def test_a_guess_after_the_question_is_no_asked_role() -> None:
    from assistant.facts import acted_roles

    message = "el Category Manager ¿qué papel tiene en la ampliación? ¿Es el que firma?"
    understood = understand(message, "es").model_copy(update={"roles": ["prescriber", "decider"]})
    assert acted_roles(understood) == frozenset()


def test_compares_is_no_worth_it_in_hebrew() -> None:
    # "שמשווה" is ש + משווה (who compares), not ש + מ + שווה (worth it).
    message = "מנהלת הכספים שמשווה הצעות מחיר ותנאי תשלום בין ספקים, באיזה תפקיד היא במרכז הרכש?"
    assert understand(message, "he").kind == "who"
    assert understand("שווה לשלוח?", "he").kind == "yes-no"


def test_the_team_in_the_warehouse_is_the_user() -> None:
    message = "הצוות במחסן רוצה לבדוק אם המערכת מסתדרת להם ביום-יום. מה לתת להם?"
    assert understand(message, "he").roles == ["user"]
