"""Ninth round (blind13, blind14): an executive's assistant is the filter, not the executive;
near-miss questions in the guidance's own vocabulary that it never answers are declined; a
metric in a question about pay is no reason to answer it (issue 11)."""

from __future__ import annotations

import pytest

from assistant.chat import ChatEngine
from assistant.understanding import understand


@pytest.mark.parametrize(
    ("message", "language", "roles"),
    [
        ("the CEO's EA screens everything we send. what role is she?", "en", ["filter"]),
        ("our MD's secretary deletes our emails, which role is that", "en", ["filter"]),
        ("la secretaria del gerente filtra todo, ¿qué rol tiene?", "es", ["filter"]),
        ("la asistente de la directora general no deja pasar nada, ¿qué rol es?", "es", ["filter"]),
        # the executive alone is still the decider
        ("¿el director general decide al final?", "es", ["decider"]),
        ("does the CEO make the final call?", "en", ["decider"]),
    ],
)
def test_an_executives_assistant_is_the_filter(
    message: str, language: str, roles: list[str]
) -> None:
    assert understand(message, language).roles == roles


@pytest.mark.parametrize(
    "message",
    [
        "what's an average open rate for a b2b newsletter?",
        "is a non-compete clause enforceable under German law?",
        "how many pricing tiers should our new SaaS plan have?",
        "how often should our founder post on LinkedIn each week?",
        "how do we split MDF between our resellers?",
        "any ideas for a Black Friday promo for our online store?",
        "what's the best day to send our product newsletter?",
        "¿Cuál es la mejor hora para enviar la newsletter a clientes?",
        "¿Qué dice la ley de contratos sobre un contrato menor de suministros?",
        "¿Cuánto cobra un montador por un stand de 20 m²?",
        "¿Cuántas veces a la semana hay que publicar en LinkedIn?",
        "איזה אחוז מהתקציב לשים על מיתוג?",
        "כמה חבילות מחיר כדאי להציע ללקוחות עסקיים?",
        "עירייה יכולה לקנות בלי מכרז עד איזה סכום?",
        'כמה פעמים בשבוע לפרסם פוסטים של המנכ"ל?',
    ],
)
def test_near_misses_in_the_guidance_vocabulary_are_declined(
    engine: ChatEngine, message: str
) -> None:
    answer = engine.answer(message)
    assert not answer.in_knowledge, answer.answer


def test_a_metric_does_not_bring_a_pay_plan_into_scope(engine: ChatEngine) -> None:
    # "per closed deal" names a metric the guidance defines; the question is a commission plan.
    question = "what commission plan is fair for SDRs: pay per meeting or per closed deal?"
    assert not engine.answer(question).in_knowledge
    # …while the metric of an advertising channel is computed the same as any other.
    answer = engine.answer("How do I calculate the CPA of a LinkedIn Ads campaign?")
    assert answer.in_knowledge and "CPA" in answer.answer[:300], answer.answer


def test_a_what_to_send_answer_adds_what_the_role_reads(engine: ChatEngine) -> None:
    # The opening is the buyer's negotiation cell; a supporting point that also answers "what
    # to send" (what the buyer reads at any stage) outranks one that only describes the stage.
    answer = engine.answer("We are in negotiation now. What do I send their purchasing manager?")
    opening, *support = answer.answer.split("\n")
    assert "for the buyer" in opening, answer.answer
    assert any(line.startswith("- The buyer reads for") for line in support), answer.answer


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("why is their CFO dragging his feet on the renewal?", "en"),
        ("el gerente nos da largas con la firma, ¿por qué?", "es"),
        ('למה הסמנכ"ל כספים מושך זמן עם החידוש?', "he"),
    ],
)
def test_stalling_is_a_concern(message: str, language: str) -> None:
    assert understand(message, language).concern


@pytest.mark.parametrize(
    ("message", "language", "opening"),
    [
        ("Is the CIO always the prescriber?", "en", "Not by job title alone"),
        ("¿El director de sistemas siempre es el prescriptor?", "es", "No por el cargo"),
        ('המנמ"ר הוא תמיד מגדיר הדרישות?', "he", "לא בהכרח"),
    ],
)
def test_whether_a_title_is_always_a_role_is_answered_by_the_person_not_the_title(
    engine: ChatEngine, message: str, language: str, opening: str
) -> None:
    answer = engine.answer(message)
    assert answer.answer.startswith(opening), answer.answer


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("למה זה רעיון גרוע לשלוח תמונה אחת גדולה בדיוור?", "why"),
        ("הסוכנות מתגאה ב-CPL נמוך. למה זה לא בהכרח טוב?", "why"),
        # a longer weak opener still wins: "למה הכוונה" defines
        ("למה הכוונה ב-MQL?", "define"),
    ],
)
def test_why_is_it_is_a_why_question_in_hebrew(message: str, kind: str) -> None:
    # "למה זה" holds "מה זה" (what is) with a prefix; the strong cue wins the tie.
    assert understand(message, "he").kind == kind


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("who could hold up the renewal?", "en"),
        ("which person can kill this deal?", "en"),
        ("¿quién nos puede tumbar la oferta?", "es"),
        ("מי יכול לתקוע לנו את החידוש?", "he"),
        ('יש רכז שמחליט מה בכלל מגיע למנכ"ל. איך מסווגים אותו?', "he"),
    ],
)
def test_who_can_block_names_the_filter(message: str, language: str) -> None:
    assert "filter" in understand(message, language).roles


def test_who_can_block_a_renewal_names_the_accounts_gatekeeper(engine: ChatEngine) -> None:
    answer = engine.answer("who can actually block the renewal?", "great-plains-bancorp")
    assert "Third-Party Risk Management Analyst" in answer.answer[:400], answer.answer


def test_a_locked_budget_is_answered_by_the_budget_calendar(engine: ChatEngine) -> None:
    question = (
        "Our ROI case is ready in February, but their budget for this year was locked last "
        "October. Is it fine to send it now?"
    )
    answer = engine.answer(question)
    assert answer.in_knowledge and "budget" in answer.answer[:300], answer.answer
    assert (
        "budget-cycle"
        in understand(
            "El presupuesto de este año ya está cerrado. ¿Le mando igual el caso de negocio?", "es"
        ).concepts
    )


@pytest.mark.parametrize(
    ("message", "language", "words"),
    [
        (
            "Our champion loves us but they keep drifting toward the big-name vendor. Why?",
            "en",
            "carries the blame",
        ),
        (
            "Nos prefieren, pero se inclinan por el líder del mercado. ¿Por qué?",
            "es",
            "piloto acotado",
        ),
        ("למה 'להישאר עם מה שיש' מנצח אותנו כל פעם?", "he", "פיילוט"),
    ],
)
def test_the_safe_choice_is_answered_with_the_personal_risk(
    engine: ChatEngine, message: str, language: str, words: str
) -> None:
    answer = engine.answer(message)
    assert "personal-risk" in understand(message, language).concepts
    assert words in answer.answer, answer.answer


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("can we use our brand's custom web font in the newsletter?", "en"),
        ("¿Puedo usar una fuente de Google Fonts en la newsletter?", "es"),
    ],
)
def test_fonts_in_an_email_are_basic_html(engine: ChatEngine, message: str, language: str) -> None:
    answer = engine.answer(message)
    assert "basic-html" in understand(message, language).concepts
    assert answer.in_knowledge and ("Arial" in answer.answer or "seguras" in answer.answer)


@pytest.mark.parametrize(
    ("message", "language", "roles"),
    [
        (
            "All our content targets the CIO and the CFO. Why treat the people who will use "
            "the system every day as a separate role?",
            "en",
            ["user"],
        ),
        (
            'כל התוכן שלנו מכוון למנמ"ר ולסמנכ"ל הכספים. למה להתייחס גם למשתמשים כתפקיד נפרד?',
            "he",
            ["user"],
        ),
        # the asking sentence names no role: the scene's roles stay
        ("Our contact is the CFO. Why is he so slow to answer?", "en", ["decider"]),
    ],
)
def test_a_why_question_asks_about_the_roles_of_its_own_sentence(
    message: str, language: str, roles: list[str]
) -> None:
    assert understand(message, language).roles == roles


def test_vale_asi_asks_yes_or_no() -> None:
    question = "Pasamos los leads a ventas los viernes y llaman la semana siguiente. ¿Vale así?"
    assert understand(question, "es").kind == "yes-no"


def test_every_metric_channel_subject_is_an_outside_subject() -> None:
    # a typo in rules/chat.yaml would silently stop exempting that channel's metrics
    from assistant.chat import chat_rules
    from assistant.understanding import lexicon

    named = {subject for lang in ("en", "es", "he") for subject in lexicon(lang).outside}
    assert set(chat_rules().answer.metric_channel_subjects) <= named


def test_why_a_demo_call_to_action_is_too_early_is_the_stages_call_to_action(
    engine: ChatEngine,
) -> None:
    question = "Sales wants a 'book a demo' CTA on every top-of-funnel post. Why is that too early?"
    answer = engine.answer(question)
    # Opened by the need stage's reason that no demo belongs there yet: the stage's call to
    # action, or (twelfth round) why a demo is too early at the need stage; both cite it.
    opening = answer.answer.split("[1]")[0]
    assert "need stage" in opening
    assert "demo" in opening
    assert "nobody has framed a project" in opening


@pytest.mark.parametrize(
    ("message", "language", "soft"),
    [
        ("Why not write 'industry-leading' on our homepage? everyone does", "en", True),
        ('למה לא לכתוב בדף הבית "המובילים בישראל"? כולם כותבים ככה', "he", True),
        # a quoted phrase that is no soft copy: no soft-content reading
        ("Our segment is called 'plant managers'. Is it precise enough?", "en", False),
    ],
)
def test_quoted_soft_copy_makes_a_soft_content_question(
    message: str, language: str, soft: bool
) -> None:
    assert ("soft-content" in understand(message, language).concepts) is soft
