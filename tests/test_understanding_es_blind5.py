"""Spanish lexicon entries added while tuning on the fifth blind set: neighbouring subjects
the guidance does not hold (public-tender law, corporate gifts, win/loss interviews) declined,
and a product critical to the client's plant or production read as a strategic purchase.
General wordings, not the tune questions."""

from __future__ import annotations

import pytest

from assistant.chat import ChatEngine
from assistant.understanding import understand


@pytest.mark.parametrize(
    "question",
    [
        "¿Cuándo se considera que una oferta es una baja temeraria?",
        "¿Qué hacemos si la mesa de contratación pide justificar una oferta anormalmente baja?",
        "¿Cuánto gastamos en las cestas de Navidad para clientes?",
        "¿Qué regalos corporativos funcionan con directivos?",
        "¿Cómo organizamos un programa de win/loss?",
    ],
)
def test_blind5_neighbouring_subjects_are_declined(engine: ChatEngine, question: str) -> None:
    assert "no cubre" in engine.answer(question).answer


@pytest.mark.parametrize(
    "question",
    [
        "¿Cómo nos evalúan si nuestro componente es crítico para su planta?",
        "Vendemos un equipo imprescindible para su producción: ¿qué pesa más?",
        "¿Qué piden cuando el servicio es vital para sus operaciones?",
    ],
)
def test_blind5_critical_to_the_plant_names_a_strategic_purchase(question: str) -> None:
    assert "strategic" in understand(question, "es").purchase_types


def test_blind5_critical_versus_routine_answers_with_reliability(engine: ChatEngine) -> None:
    answer = engine.answer(
        "¿Qué cambia si lo que vendemos es crítico para su fábrica frente a un pedido rutinario?"
    ).answer
    assert "fiab" in answer[:300].lower()


@pytest.mark.parametrize(
    "question",
    [
        "Si el correo no rebota, ¿significa que ha llegado?",
        "¿Puede el firewall del cliente retener nuestros correos?",
        "No nos ha rebotado ningún envío, ¿está todo bien?",
    ],
)
def test_blind5_silent_loss_names_quarantine(question: str) -> None:
    assert "quarantine" in understand(question, "es").concepts


def test_blind5_no_bounce_question_opens_with_quarantine(engine: ChatEngine) -> None:
    answer = engine.answer("Si un correo no rebota, ¿podemos dar por hecho que llegó?").answer
    assert "cuarentena" in answer[:300].lower()


@pytest.mark.parametrize(
    "question",
    [
        "¿Cuántas guías descargables publicamos al año?",
        "Vamos a lanzar una guía descargable, ¿qué revisamos antes?",
        "¿Sirven los contenidos descargables para captar clientes?",
    ],
)
def test_blind5_downloadable_guides_name_inbound(question: str) -> None:
    assert "inbound-marketing" in understand(question, "es").concepts
