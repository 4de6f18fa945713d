"""Spanish lexicon entries added while tuning on the blind set: everyday marketer wording
(job titles, colloquial situations, "what counts as") read as the guidance's roles, concepts,
purchase types and question kinds. General wordings, not the tune questions."""

from __future__ import annotations

import pytest

from assistant.chat import ChatEngine
from assistant.understanding import understand


@pytest.mark.parametrize(
    ("question", "concept"),
    [
        ("El cliente dice que lo deja para el año que viene, ¿por qué?", "budget-cycle"),
        ("¿Por qué los clientes aplazan la firma al próximo ejercicio?", "b2b-buyer"),
        ("¿Cómo ordenamos los contactos en el CRM?", "segmentation"),
        ("¿Esto que escribimos es autobombo?", "soft-content"),
    ],
)
def test_blind_concepts(question: str, concept: str) -> None:
    assert concept in understand(question, "es").concepts


@pytest.mark.parametrize(
    "question",
    [
        "Les preocupa que un proveedor pequeño no dure, ¿qué les enviamos?",
        "¿Cómo demostramos nuestra solvencia a un cliente grande?",
    ],
)
def test_blind_strategic_purchase(question: str) -> None:
    assert "strategic" in understand(question, "es").purchase_types


def test_blind_management_director_decides() -> None:
    assert "decider" in understand("¿Qué le mando al director de gestión?", "es").roles


@pytest.mark.parametrize(
    "question",
    ["¿Qué se considera un lead caliente?", "¿Qué cuenta como contenido blando?"],
)
def test_blind_what_counts_as_defines(question: str) -> None:
    assert understand(question, "es").kind == "define"


def test_blind_budget_delay_answer_opens_with_the_budget_cycle(engine: ChatEngine) -> None:
    answer = engine.answer("¿Por qué un cliente lo deja todo para el año que viene?").answer
    assert "presupuest" in answer[:300]


@pytest.mark.parametrize(
    "question",
    [
        "¿Qué les enviamos a los clientes recurrentes?",
        "Tenemos clientes que compran cada mes, ¿cómo los cuidamos?",
    ],
)
def test_blind_recurring_customers_repeat(question: str) -> None:
    assert "repeat" in understand(question, "es").purchase_types


def test_blind_tariff_rise_is_pricing() -> None:
    assert "pricing" in understand("¿Cómo comunicamos la subida de tarifas?", "es").concepts


@pytest.mark.parametrize(
    "question", ["¿Qué pongo en el follow up?", "¿Cuánto debe ocupar el recordatorio?"]
)
def test_blind_follow_up_email_channel(question: str) -> None:
    assert "follow-up-email" in understand(question, "es").channels


@pytest.mark.parametrize(
    "question", ["¿Qué es el lead nurturing?", "¿Cuántos envíos lleva una secuencia de nurturing?"]
)
def test_blind_nurturing_reads_as_madurar(question: str) -> None:
    from assistant.understanding import guidance_words

    assert "madurar" in guidance_words(question, "es")


def test_blind_nurturing_answer_opens_with_the_sequence(engine: ChatEngine) -> None:
    answer = engine.answer("¿Qué es exactamente el nurturing?").answer
    assert "Secuencia de 4 a 6 envíos" in answer[:300]


@pytest.mark.parametrize(
    "question",
    ["¿Quién acuerda la definición de lead caliente?", "¿Qué es un contacto caliente?"],
)
def test_blind_hot_lead_is_no_domain_warm_up_nor_specification(question: str) -> None:
    understood = understand(question, "es")
    assert "warm-up" not in understood.concepts
    assert "specification" not in understood.stages


def test_blind_first_person_warm_up_still_read() -> None:
    assert "warm-up" in understand("¿Cómo caliento la IP?", "es").concepts


def test_blind_corporate_filter_is_no_gatekeeper() -> None:
    understood = understand("¿Cómo evitamos que el filtro corporativo bloquee el envío?", "es")
    assert "filter" not in understood.roles
    assert "deliverability" in understood.concepts


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("¿Mandamos la campaña por lotes?", "tandas"),
        ("Todos los contactos tienen el mismo dominio, ¿cómo enviamos?", "dominio de destino"),
    ],
)
def test_blind_sending_vocabulary(question: str, word: str) -> None:
    from assistant.understanding import guidance_words

    assert word in guidance_words(question, "es")


@pytest.mark.parametrize(
    "question", ["¿Quiénes intervienen en una compra nueva?", "¿Quién participa en la decisión?"]
)
def test_blind_who_takes_part_names_the_buying_center(question: str) -> None:
    assert "buying-center" in understand(question, "es").concepts


@pytest.mark.parametrize(
    "question",
    [
        "Ponemos formulario delante del informe?",
        "Metemos las tres novedades en un correo?",
        "Adjunto el PDF o pongo un enlace?",
    ],
)
def test_blind_first_person_verb_question_is_yes_no(question: str) -> None:
    assert understand(question, "es").kind == "yes-no"


def test_blind_statement_then_how_stays_how_to() -> None:
    assert understand("Tenemos 2000 contactos, ¿cómo los enviamos?", "es").kind == "how-to"


def test_blind_spec_sheet_is_content_not_a_stage() -> None:
    assert understand("¿Dejamos las fichas técnicas en abierto?", "es").stages == []


@pytest.mark.parametrize(
    "question", ["¿Qué ponemos en el asunto?", "¿Qué escribo en la primera línea del correo?"]
)
def test_blind_what_do_we_write_is_how_to(question: str) -> None:
    assert understand(question, "es").kind == "how-to"


def test_blind_follow_up_on_the_call_to_action_is_answered(engine: ChatEngine) -> None:
    from assistant.chat import TurnContext

    first = engine.answer(
        "¿Qué ponemos en el asunto del mailing de la plantilla?", None, TurnContext()
    )
    answer = engine.answer(
        "ok, ¿y la llamada a la acción? pensábamos poner tres botones", None, first.context
    )
    assert answer.in_knowledge
    assert "llamada a la acción" in answer.answer[:300]


@pytest.mark.parametrize(
    "question",
    [
        "¿Cada cuánto limpiamos la base de contactos?",
        "¿Qué hacemos con los contactos que nunca abren nada?",
        "¿Cómo depuramos la base?",
    ],
)
def test_blind_cleaning_the_list_is_hygiene(question: str) -> None:
    assert "list-hygiene" in understand(question, "es").concepts


def test_blind_what_do_we_do_with_is_how_to() -> None:
    assert understand("¿Qué hacemos con los rebotes?", "es").kind == "how-to"


def test_blind_compliance_is_the_filter() -> None:
    assert "filter" in understand("¿Qué le mandamos al de compliance?", "es").roles


def test_blind_inactive_contacts_answered(engine: ChatEngine) -> None:
    answer = engine.answer("¿Qué hacemos con los contactos que nunca abren nada?")
    assert answer.in_knowledge
    assert "inactivos" in answer.answer[:300]


@pytest.mark.parametrize(
    "question",
    ["¿A quién le toca aprobar el presupuesto?", "¿Quién autoriza la inversión en la empresa?"],
)
def test_blind_approving_the_budget_is_the_decider(question: str) -> None:
    assert "decider" in understand(question, "es").roles
