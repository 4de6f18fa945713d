"""Spanish questions written in new wordings (issue 11, fresh blind batch): what the user reads
first is the asked fact, whatever words the question uses around its topic."""

from __future__ import annotations

import pytest

from assistant.chat import ChatEngine


def opening(engine: ChatEngine, question: str, *history: str) -> str:
    context = None
    for earlier in history:
        context = engine.answer(earlier, None, context).context
    answer = engine.answer(question, None, context)
    assert answer.in_knowledge, answer.answer
    return answer.answer.splitlines()[0]


def test_the_sentence_that_answers_opens_when_only_a_topic_word_chose_the_fact(
    engine: ChatEngine,
) -> None:
    """ "leads" only names the area: the opening is the sentence that holds the asked numbers
    (how many sends, how far apart), not what lead generation is."""
    first = opening(
        engine, "¿Cuántos envíos lleva una secuencia para leads y cada cuánto los espacio?"
    )
    assert "4 a 6" in first and "una o dos semanas" in first, first
    # Common words ("not", "לא") never make a sentence a better opening than the fact.
    first = opening(engine, "איך כותבים לארגון ולא לאדם?")
    assert "לכמה קוראים" in first, first


def test_a_question_without_a_question_mark_is_answered_not_reviewed(engine: ChatEngine) -> None:
    """Chat messages often drop the "?": a last sentence opening with a question word asks."""
    answer = engine.answer(
        "El cliente ha reducido la lista larga a tres finalistas y ahora toca cribar... "
        "quién se encarga de esa parte"
    )
    assert answer.data is None and not answer.answer.startswith("Puntuación"), answer.answer
    assert "comprador" in answer.answer.splitlines()[0], answer.answer


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # A yes/no question opens with its verb, not a question word.
        ("¿Compramos una lista de 5.000 contactos para arrancar la campaña?", "trampas de spam"),
        ("¿Qué diferencia hay entre un rebote permanente y uno temporal?", "tres o cuatro"),
        (
            "¿Qué le envío a la directora financiera en un momento tan temprano?",
            "coste del retraso",
        ),
        ("¿Qué frenos tiene la lógica de compra de una empresa?", "cinco frenos"),
        ("¿Se puede incluir un formulario en el boletín para que se registren?", "Sin formularios"),
        (
            "La agencia vende leads con un CPL muy bajo pero ventas no cierra nada. ¿Por qué?",
            "no avanzan",
        ),
        (
            "¿Por qué no mandar la campaña de captación a los clientes actuales?",
            "repita sin revisar",
        ),
        ("Cuando decís «compra estratégica», ¿a qué os referís?", "central para el negocio"),
        ("¿Qué pesa más en una compra estratégica?", "fiabilidad del proveedor"),
    ],
)
def test_new_wordings_reach_the_fact(engine: ChatEngine, question: str, expected: str) -> None:
    first = opening(engine, question)
    assert expected in first, first


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        # The question proper starts at "¿": the clause before it only sets the scene…
        ("Cuando un contacto supera el umbral acordado, ¿quién lo llama?", "who"),
        # …unless the question proper carries only a weak cue.
        ("Rebote duro frente a rebote blando: ¿los trato igual?", "compare"),
        ("Nos ofrecen una base de contactos. ¿La compramos?", "yes-no"),
        ("¿Reenvío el informe al cliente antes de la firma?", "yes-no"),
        ("Cuando decís «inbound», ¿a qué os referís?", "define"),
        ("¿Para Northbridge, qué le mando al comprador?", "what-to-send"),
    ],
)
def test_the_kind_of_a_spanish_question(question: str, kind: str) -> None:
    from assistant.understanding import understand

    assert understand(question, "es").kind == kind


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Should we buy a list to start emailing?", "purchased lists"),
        ("Can we embed a sign-up form inside the newsletter?", "No forms in the email"),
        (
            "Our agency brags about a very low CPL. Why could those leads still be expensive?",
            "half the deals",
        ),
        ("What is the difference between a hard bounce and a soft bounce?", "three in a row"),
        ("כדאי לקנות רשימה כדי להתחיל לשלוח מיילים?", "רשימות קנויות"),
        ("אפשר לשים טופס בתוך המייל?", "בלי טפסים במייל"),
        ("מה ההבדל בין החזרה קשה להחזרה רכה?", "3 עד 5"),
        ("What is a strategic purchase?", "central to the customer's own business"),
        ("מה זו רכישה אסטרטגית?", "משקלו בפעילות הלקוח"),
        ("Why should every piece be easy to forward?", "forwards the piece"),
        ("למה חשוב שהחומר יהיה קל להעביר למנהל?", "יועבר הלאה"),
        ("¿Por qué insistís en que cada pieza se pueda reenviar fácil?", "reenviarla a su jefe"),
        (
            "¿Quién pide las pruebas de fiabilidad en una compra estratégica?",
            "el decisor o el asesor",
        ),
        ("Who asks for the reliability proof in a strategic purchase?", "the decider asks"),
        ("מי מבקש הוכחות אמינות ברכישה אסטרטגית?", "מקבל ההחלטה שואל"),
    ],
)
def test_the_new_facts_speak_every_language(
    engine: ChatEngine, question: str, expected: str
) -> None:
    """Each new fact rests on a guidance section in en, es and he, and is reached in each."""
    first = opening(engine, question)
    assert expected in first, first


@pytest.mark.parametrize(
    ("question", "persona", "role", "expected"),
    [
        # Spanish words for an English job title: the account's SAP architect is its advisor.
        (
            "Para Halvorsen, ¿qué le mando al arquitecto durante la negociación?",
            None,
            "advisor",
            "SLA",
        ),
        # "analista" is the account's Third-Party Risk Management Analyst, its filter.
        ("¿Qué necesita el analista en la negociación?", "great-plains-bancorp", "filter", "RGPD"),
        ("What does the architect need at negotiation?", "halvorsen-precision", "advisor", "SLA"),
    ],
)
def test_a_role_word_names_the_account_member_whose_title_it_translates(
    engine: ChatEngine, question: str, persona: str | None, role: str, expected: str
) -> None:
    understood, _ = engine.understand(question, persona)
    assert understood.roles == [role]
    answer = engine.answer(question, persona)
    assert expected in answer.answer.splitlines()[0], answer.answer


def test_the_cybersecurity_lead_is_the_filter(engine: ChatEngine) -> None:
    """The guidance lists IT security among the filters: in negotiation they get the security
    and data-protection annex."""
    first = opening(
        engine,
        "El responsable de ciberseguridad revisa el contrato en la negociación, ¿qué le mando?",
    )
    assert "protección de datos" in first, first


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "¿Qué diferencia hay entre lo que envío en la especificación y en la negociación?",
            ["pliego", "coste total"],
        ),
        (
            "How does the content differ between the need stage and the decision stage?",
            ["self-diagnostic", "pilot"],
        ),
        ("מה ההבדל בין התוכן בשלב הצורך לתוכן בשלב ההחלטה?", ["אבחון עצמי", "פיילוט"]),
    ],
)
def test_comparing_the_content_of_two_stages_opens_with_both(
    engine: ChatEngine, question: str, expected: list[str]
) -> None:
    first = opening(engine, question)
    assert all(word in first for word in expected), first
