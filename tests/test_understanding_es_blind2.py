"""Spanish lexicon entries added while tuning on the second blind set: everyday marketer
wording (dormant subscribers, cold calls) read as the guidance's words, and neighbouring
subjects the guidance does not hold (webinar planning, intent data tools) declined. General
wordings, not the tune questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.chat import ChatEngine
from assistant.config import load_settings
from assistant.understanding import understand


@pytest.mark.parametrize(
    "question",
    ["¿Qué hacemos con los contactos dormidos?", "¿Borramos a los suscriptores dormidos?"],
)
def test_blind2_dormant_contacts_are_list_hygiene(question: str) -> None:
    assert "list-hygiene" in understand(question, "es").concepts


@pytest.fixture
def engine(indexed_knowledge: Path) -> ChatEngine:
    return ChatEngine(load_settings())


def test_blind2_dormant_subscriber_answer_gives_the_months(engine: ChatEngine) -> None:
    answer = engine.answer("¿Cuántos meses sin abrir tiene que pasar un contacto dormido?").answer
    assert "6-12" in answer[:300]


def test_blind2_cold_call_priority_answer_names_inbound_signals(engine: ChatEngine) -> None:
    question = "¿Cómo ordenamos la lista de llamadas en frío de los comerciales?"
    answer = engine.answer(question).answer
    assert "no cubre" not in answer
    assert "precios" in answer


@pytest.mark.parametrize(
    "question",
    [
        "¿Cuánto debe durar un webinar para clientes industriales?",
        "¿Con cuánto tiempo promocionar el webinar antes de la fecha?",
        "¿Qué proveedor de intent data contratamos?",
        "¿Nos sirve Bombora para las cuentas objetivo?",
    ],
)
def test_blind2_neighbouring_subjects_are_declined(engine: ChatEngine, question: str) -> None:
    assert "no cubre" in engine.answer(question).answer


@pytest.mark.parametrize(
    "question",
    [
        "¿Cómo reviso un artículo para saber si es relleno?",
        "¿Qué son las frases evasivas en un texto?",
        "Mi jefe dice que uso cuantificadores vagos, ¿qué significa?",
    ],
)
def test_blind2_soft_copy_checks_are_symptoms(question: str) -> None:
    assert "soft-symptoms" in understand(question, "es").concepts


def test_blind2_known_expensive_supplier_answer_names_career_risk(engine: ChatEngine) -> None:
    question = "¿Por qué el director de compras elige una multinacional aunque sea más cara?"
    assert "riesgo profesional" in engine.answer(question).answer[:300]


@pytest.mark.parametrize(
    "question",
    [
        "¿Mandamos la campaña a todos de golpe?",
        "Después de un parón de dos meses, ¿cómo retomamos los envíos?",
    ],
)
def test_blind2_sudden_volume_is_sending_pace(question: str) -> None:
    assert "sending-pace" in understand(question, "es").concepts


@pytest.mark.parametrize(
    "question",
    [
        "¿Qué margen de distribuidor es normal en maquinaria industrial?",
        "¿Cuánto se paga a un socio de canal por cada venta?",
    ],
)
def test_blind2_channel_partner_terms_are_declined(engine: ChatEngine, question: str) -> None:
    assert "no cubre" in engine.answer(question).answer


@pytest.mark.parametrize(
    "question",
    [
        "¿Cómo registramos el sector de cada contacto en el CRM?",
        "¿Qué hacemos si es imposible filtrar?",
    ],
)
def test_blind2_storing_criteria_in_the_crm_is_segment_data(question: str) -> None:
    assert "segment-data" in understand(question, "es").concepts
