"""The content playbook (rules/playbook.yaml) as typed data: read by the planner, the content
library and the chat engine, so it lives apart from all three."""

from __future__ import annotations

from typing import Literal

from assistant.domain import Language, PurchaseType, Role, Stage, Topic
from assistant.rules import RuleModel, load


class CellText(RuleModel):
    """One language's wording of a cell; templates take persona values ({company}, …)."""

    asks: str
    format: str
    title: str
    angle: str
    proof: str
    cta: str
    channel_hint: list[str]


class Cell(RuleModel):
    """What a role asks at a stage, and the content that answers it, in en/es/he."""

    topics: list[Topic]
    kpi: str
    en: CellText
    es: CellText
    he: CellText

    def text(self, language: str) -> CellText:
        return getattr(self, language)


class PurchaseText(RuleModel):
    note: str
    angle_suffix: str = ""
    proof_suffix: str = ""


class PurchaseRule(RuleModel):
    """How a purchase type changes the plan: its stages and the sentence it adds."""

    stages: list[Stage] = []
    en: PurchaseText
    es: PurchaseText
    he: PurchaseText

    def text(self, language: str) -> PurchaseText:
        return getattr(self, language)


class Playbook(RuleModel):
    cells: dict[Role, dict[Stage, Cell]]
    purchase: dict[PurchaseType | Literal["strategic"], PurchaseRule]

    def cell(self, role: str, stage: str) -> Cell:
        return self.cells[role][stage]  # type: ignore[index]


def playbook() -> Playbook:
    return load("rules/playbook.yaml", Playbook)


__all__ = ["Cell", "CellText", "Language", "Playbook", "PurchaseRule", "playbook"]
