"""Spanish lexicon entries added while tuning on the third blind set: neighbouring subjects
the guidance does not hold (podcast episodes, opinion pieces in the press, sales capacity and
account assignment) declined, and everyday marketer wording read as the guidance's words.
General wordings, not the tune questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.chat import ChatEngine
from assistant.config import load_settings


@pytest.fixture
def engine(indexed_knowledge: Path) -> ChatEngine:
    return ChatEngine(load_settings())


@pytest.mark.parametrize(
    "question",
    [
        "¿Cada cuánto publicamos un episodio nuevo?",
        "¿Qué duración recomendáis para los episodios?",
        "¿Cómo colocamos una tribuna de opinión en un diario económico?",
        "¿Merece la pena contratar una agencia de relaciones públicas?",
        "¿Cómo hacemos el reparto de cuentas entre los comerciales?",
        "¿Cuántas cuentas por SDR son razonables?",
        "¿Cómo definimos los territorios de venta del equipo?",
    ],
)
def test_blind3_neighbouring_subjects_are_declined(engine: ChatEngine, question: str) -> None:
    assert "no cubre" in engine.answer(question).answer
