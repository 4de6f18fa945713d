"""The fact ids that open an answer, for tests that pin which fact answers a question."""

from __future__ import annotations

from assistant.facts import lead_facts, select_facts
from assistant.understanding import understand


def opening(message: str, language: str) -> list[str]:
    u = understand(message, language)
    return [s.fact.id for s in lead_facts(u, select_facts(u))]
