"""The content playbook (rules/playbook.yaml) and the objection → proof map (rules/proofs.yaml)
as typed data: read by the planner, the briefs and the content library, so it lives apart."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from assistant.domain import Language, PurchaseKind, PurchaseType, Role, Stage, Topic, label
from assistant.rules import RuleModel, load

if TYPE_CHECKING:
    from assistant.personas import BuyingCenterMember, Persona


class PerLanguageTerms(RuleModel):
    """Cue words per language (`compile_terms` syntax: `word*` wildcards, Hebrew prefixes)."""

    en: list[str] = []
    es: list[str] = []
    he: list[str] = []

    def of(self, language: str) -> list[str]:
        return list(getattr(self, language))


class CellText(RuleModel):
    """One language's wording of a cell: the role's question at the stage (also the retrieval
    query, no placeholders) and the key message a brief gives that role (≤ 40 words)."""

    asks: str
    message: str


class SuggestionText(RuleModel):
    """One language's wording of a suggestion; templates take persona values ({company}, …)."""

    format: str
    title: str
    angle: str
    proof: str
    cta: str
    channel_hint: list[str]


class SuggestionEntry(RuleModel):
    """One content suggestion for a cell, in en/es/he, with its KPI and the guidance topics it
    rests on (its citations come from these topics)."""

    kpi: str
    topics: list[Topic] = Field(min_length=1)
    en: SuggestionText
    es: SuggestionText
    he: SuggestionText

    def text(self, language: str) -> SuggestionText:
        return getattr(self, language)


class Cell(RuleModel):
    """What a role asks at a stage, and the suggestions that answer it (different formats and
    angles, best first)."""

    en: CellText
    es: CellText
    he: CellText
    suggestions: list[SuggestionEntry] = Field(min_length=1)

    def text(self, language: str) -> CellText:
        return getattr(self, language)

    @property
    def topics(self) -> list[str]:
        return list(dict.fromkeys(t for entry in self.suggestions for t in entry.topics))


class PurchaseText(RuleModel):
    """A purchase type's note (shown once per plan) and the sentences it adds to the first
    suggestion of a cell: to the angle per stage (repeat types), to the proof per role
    (strategic purchases), so no sentence repeats down a whole plan."""

    note: str
    angle_suffix: dict[Stage, str] = {}
    proof_suffix: dict[Role, str] = {}


class PurchaseRule(RuleModel):
    """How a purchase type changes the plan: its stages and the sentences it adds."""

    stages: list[Stage] = []
    en: PurchaseText
    es: PurchaseText
    he: PurchaseText

    def text(self, language: str) -> PurchaseText:
        return getattr(self, language)


class KpiText(RuleModel):
    name: str


class KpiRule(RuleModel):
    """A KPI the playbook measures: its target (a planning default) and unit, named per
    language, so a brief reads "Downloads that lead to a meeting: 15 %"."""

    target: float
    unit: Literal["percent", "days", "minutes", "count", "money"]
    en: KpiText
    es: KpiText
    he: KpiText

    def text(self, language: str) -> KpiText:
        return getattr(self, language)


class CitationFit(RuleModel):
    """Which retrieved guidance sections fit a cell: a section whose heading speaks to another
    purchase type, or names another stage, is not cited there."""

    purchase_cues: dict[PurchaseKind, PerLanguageTerms]
    accepts: dict[PurchaseType, list[PurchaseKind]]
    stage_cues: dict[Stage, PerLanguageTerms]


class PlannerText(RuleModel):
    """The planner's own sentences and headings in one language."""

    plan_title: str
    strategic: str
    no_existing_content: str
    covered_by: str
    format: str
    angle: str
    proof: str
    cta: str
    channel: str
    kpi: str
    sources: str
    proof_packs: str
    outside_buying_center: str
    not_a_stage: str
    rejected: str
    skipped_asset: str
    citations_unavailable: str


class Playbook(RuleModel):
    cells: dict[Role, dict[Stage, Cell]]
    purchase: dict[PurchaseKind, PurchaseRule]
    kpis: dict[str, KpiRule]
    citation_fit: CitationFit
    text: dict[Language, PlannerText]

    @model_validator(mode="after")
    def kpis_defined(self) -> Playbook:
        """Every suggestion's KPI is one the playbook defines (name, unit, target)."""
        for role, stages in self.cells.items():
            for stage, cell in stages.items():
                for number, entry in enumerate(cell.suggestions):
                    if entry.kpi not in self.kpis:
                        raise ValueError(
                            f"cells.{role}.{stage}.suggestions.{number}.kpi: unknown KPI "
                            f"{entry.kpi!r} (define it under kpis)"
                        )
        return self

    def cell(self, role: str, stage: str) -> Cell:
        return self.cells[role][stage]  # type: ignore[index]

    def kpi(self, kpi_id: str) -> KpiRule:
        return self.kpis[kpi_id]


def playbook() -> Playbook:
    return load("rules/playbook.yaml", Playbook)


class ProofRule(RuleModel):
    """A kind of proof, the cue words of objections it answers, and its wording per language
    (a template taking persona values, like the playbook's)."""

    cues: PerLanguageTerms
    en: str
    es: str
    he: str

    def text(self, language: str) -> str:
        return getattr(self, language)


class ProofRules(RuleModel):
    """rules/proofs.yaml: objection cue words → the proof that answers them."""

    proofs: dict[str, ProofRule]


def proof_rules() -> ProofRules:
    return load("rules/proofs.yaml", ProofRules)


class TemplateValues(dict):
    """str.format_map values; a missing persona detail reads as an empty string."""

    def __missing__(self, key: str) -> str:
        return ""


def member_values(
    persona: Persona, member: BuyingCenterMember | None, role: str, turn: int
) -> TemplateValues:
    """The persona details a template may use; `turn` rotates goals/pains across stages."""

    def pick(items: list[str]) -> str:
        return items[turn % len(items)] if items else ""

    # A role outside the buying center borrows the account's concerns from its first member.
    source = member or (persona.buying_center[0] if persona.buying_center else None)

    return TemplateValues(
        offering=persona.purchase.offering,
        company=persona.company,
        industry=persona.industry,
        segment=persona.segment,
        member_title=member.title if member else label("roles", role, persona.language),
        goal=pick(source.goals) if source else "",
        pain=pick(source.pains) if source else "",
        objection=pick(source.objections) if source else "",
    )


def fill_template(template: str, values: TemplateValues) -> str:
    """A playbook template with the persona's details in it, on one line."""
    return " ".join(str(template).format_map(values).split())


__all__ = [
    "Cell",
    "CellText",
    "Playbook",
    "ProofRules",
    "PurchaseRule",
    "SuggestionEntry",
    "SuggestionText",
    "TemplateValues",
    "fill_template",
    "member_values",
    "playbook",
    "proof_rules",
]
