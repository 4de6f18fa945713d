"""Content plans: which content to make for each buying-center role at each buying stage, and why.

The playbook (rules/playbook.yaml) says what a role asks at a stage and the suggestions that
answer it; the persona fills in its offering, members' titles, goals, pains and objections;
retrieval supplies the guidance passages each suggestion cites (only those that fit the cell's
purchase type, stage and topics); our own reviewer rejects any suggestion that reads soft.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, computed_field

from assistant.config import load_settings
from assistant.content_library import ContentAsset
from assistant.domain import LANGUAGES, ROLES, STAGES, label
from assistant.errors import InputError, StoreError
from assistant.personas import BuyingCenterMember, Persona
from assistant.playbook import (
    CitationFit,
    PlannerText,
    Playbook,
    fill_template,
    member_values,
    playbook,
)
from assistant.proofs import ProofPack, proof_packs
from assistant.retrieval import Citation, Retrieve
from assistant.text import compile_terms

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.retrieval import Retriever

PLACEHOLDERS = (
    "offering",
    "company",
    "industry",
    "segment",
    "member_title",
    "goal",
    "pain",
    "objection",
)
CELL_HITS = 12  # passages retrieved per cell, before the fit filter keeps up to 3 per suggestion


class Suggestion(BaseModel):
    title: str
    format: str
    angle: str
    proof: str
    cta: str
    channel: str
    kpi: str
    citations: list[Citation] = Field(default_factory=list)
    review_score: int = Field(0, description="our soft-content review score of this suggestion")

    def as_text(self) -> str:
        return f"{self.title}. {self.angle} {self.proof} {self.cta}"


class PlanCell(BaseModel):
    role: str
    stage: str
    asks: str = ""
    message: str = Field("", description="the key message a brief gives this role at this stage")
    suggestions: list[Suggestion] = Field(default_factory=list)
    covered_by: list[str] = Field(default_factory=list, description="existing assets covering it")

    @computed_field
    @property
    def covered(self) -> bool:
        return bool(self.covered_by)


class ContentPlan(BaseModel):
    persona: str
    company: str = ""
    language: str
    purchase: dict[str, Any]
    cells: list[PlanCell]
    proof_packs: list[ProofPack] = Field(default_factory=list)
    assets: list[ContentAsset] = Field(default_factory=list)
    empty_cells: list[str] = Field(default_factory=list, description="role/stage with no asset")
    warnings: list[str] = Field(default_factory=list)


def stages_for(persona: Persona) -> list[str]:
    return list(playbook().purchase[persona.purchase.type].stages)


def planner_text(language: str) -> PlannerText:
    return playbook().text[language]  # type: ignore[index]


def pick_channel(member: BuyingCenterMember | None, hints: list[str]) -> str:
    """The member's own channel when it fits the stage's hints, else the first hint."""
    if member:
        for channel in member.channels:
            if any(h.lower() in channel.lower() or channel.lower() in h.lower() for h in hints):
                return channel
    return hints[0] if hints else (member.channels[0] if member and member.channels else "")


def validate_filters(roles: list[str], stages: list[str], language: str | None) -> None:
    for role in roles:
        if role not in ROLES:
            raise InputError(f"unknown role {role!r} (use {', '.join(ROLES)})", field="--role")
    for stage in stages:
        if stage not in STAGES:
            raise InputError(f"unknown stage {stage!r} (use {', '.join(STAGES)})", field="--stage")
    if language is not None and language not in LANGUAGES:
        raise InputError(f"unknown language {language!r} (use en, es, he)", field="--lang")


def plan_content(
    persona: Persona,
    retrieve: Retrieve,
    roles: list[str] | None = None,
    stages: list[str] | None = None,
    language: str | None = None,
    assets: list[ContentAsset] | None = None,
) -> ContentPlan:
    """The role × stage matrix for one persona; deterministic, every suggestion reviewed."""

    roles = list(roles or [])
    stages = list(stages or [])
    validate_filters(roles, stages, language)
    language = language or persona.language
    data = playbook()
    words = planner_text(language)
    max_chars = load_settings().max_review_chars  # read once per plan, not once per review
    members = {member.role: member for member in persona.buying_center}
    warnings: list[str] = []
    plan_roles = roles or persona.roles
    for role in plan_roles:
        if role not in members:
            warnings.append(
                words.outside_buying_center.format(
                    role=label("roles", role, language), company=persona.company
                )
            )
    purchase_stages = stages_for(persona)
    plan_stages = list(stages or purchase_stages)
    purchase_label = label("purchase_types", persona.purchase.type, language)
    for stage in plan_stages:
        if stage not in purchase_stages:
            warnings.append(
                words.not_a_stage.format(
                    stage=label("stages", stage, language), purchase=purchase_label
                )
            )
    warnings.append(data.purchase[persona.purchase.type].text(language).note)
    if persona.purchase.strategic:
        warnings.append(data.purchase["strategic"].text(language).note)
    fits = citation_filter(persona, language)
    persona_citation = Citation(
        chunk_id=f"{persona.source}#0",
        source=persona.source,
        section="account",
        language=persona.language,
        label=persona.company,
        passage=persona.as_text(),
    )
    coverage = cell_coverage(assets or [])
    cells: list[PlanCell] = []
    for role in plan_roles:
        member = members.get(role)
        for turn, stage in enumerate(plan_stages):
            cell_rule = data.cell(role, stage)
            text = cell_rule.text(language)
            values = member_values(persona, member, role, turn)
            hits = [c for c in retrieve(text.asks, language, CELL_HITS) if fits(c, stage)]
            cell = PlanCell(
                role=role,
                stage=stage,
                asks=fill_template(text.asks, values),
                message=fill_template(text.message, values),
                covered_by=coverage.get((role, stage), []),
            )
            for number in range(len(cell_rule.suggestions)):
                suggestion, score = cell_suggestion(
                    persona, member, role, stage, number, turn, language, hits, max_chars
                )
                if suggestion is None:
                    warnings.append(
                        words.rejected.format(
                            role=label("roles", role, language),
                            stage=label("stages", stage, language),
                            number=number + 1,
                            score=score,
                        )
                    )
                    continue
                suggestion.citations.append(persona_citation)
                cell.suggestions.append(suggestion)
            cells.append(cell)
    cells.sort(key=lambda c: (c.covered, ROLES.index(c.role), STAGES.index(c.stage)))
    return ContentPlan(
        persona=persona.id,
        company=persona.company,
        language=language,
        purchase=persona.purchase.model_dump(),
        cells=cells,
        proof_packs=proof_packs(persona, plan_roles, language, retrieve, fits),
        assets=list(assets or []),
        empty_cells=[f"{c.role}/{c.stage}" for c in cells if not c.covered],
        warnings=warnings,
    )


def cell_suggestion(
    persona: Persona,
    member: BuyingCenterMember | None,
    role: str,
    stage: str,
    number: int,
    turn: int,
    language: str,
    hits: list[Citation],
    max_chars: int | None = None,
) -> tuple[Suggestion | None, int]:
    """One playbook suggestion rendered for the persona and reviewed; None when it reads soft.

    Each suggestion of a cell quotes another goal/pain/objection of the member; the first one
    carries the purchase type's stage sentence and the strategic role sentence, once per cell."""
    from assistant.review import review_copy

    data = playbook()
    entry = data.cell(role, stage).suggestions[number]
    text = entry.text(language)
    values = member_values(persona, member, role, turn + number)
    angle = fill_template(text.angle, values)
    proof = fill_template(text.proof, values)
    if number == 0:
        purchase = data.purchase[persona.purchase.type].text(language)
        angle = join(angle, purchase.angle_suffix.get(stage, ""))  # type: ignore[call-overload]
        if persona.purchase.strategic:
            strategic = data.purchase["strategic"].text(language)
            proof = join(proof, strategic.proof_suffix.get(role, ""))  # type: ignore[call-overload]
    suggestion = Suggestion(
        title=fill_template(text.title, values),
        format=fill_template(text.format, values),
        angle=angle,
        proof=proof,
        cta=fill_template(text.cta, values),
        channel=pick_channel(member, text.channel_hint),
        kpi=entry.kpi,
        citations=fitting_citations(hits, entry.topics),
    )
    review = review_copy(suggestion.as_text(), language=language, max_chars=max_chars)
    if review.verdict != "substantive" and values["goal"]:
        suggestion.angle = join(suggestion.angle, values["goal"] + ".")
        review = review_copy(suggestion.as_text(), language=language, max_chars=max_chars)
    if review.verdict != "substantive":
        return None, review.score
    suggestion.review_score = review.score
    return suggestion, review.score


def fitting_citations(hits: list[Citation], topics: list[str]) -> list[Citation]:
    """Up to three passages on the topics the suggestion rests on (else the top two that fit)."""
    on_topic = [c for c in hits if c.topic in topics][:3]
    return on_topic or hits[:2]


@lru_cache(maxsize=1)
def _fit_patterns() -> tuple[dict[str, dict[str, re.Pattern[str]]], dict[str, dict[str, Any]]]:
    """Compiled cue words of playbook.yaml's citation_fit: {language: {kind|stage: regex}}."""
    rules: CitationFit = playbook().citation_fit
    purchase = {
        lang: {kind: compile_terms(cue.of(lang), lang) for kind, cue in rules.purchase_cues.items()}
        for lang in LANGUAGES
    }
    stages = {
        lang: {name: compile_terms(cue.of(lang), lang) for name, cue in rules.stage_cues.items()}
        for lang in LANGUAGES
    }
    return purchase, stages


def citation_filter(persona: Persona, language: str) -> Callable[[Citation, str | None], bool]:
    """Whether a retrieved passage fits a cell of this persona's plan: its section must not
    speak only to another purchase type (no repeat-purchase advice on a new purchase) nor name
    only other stages than the cell's. Cue words per language in playbook.yaml."""
    kinds = set(playbook().citation_fit.accepts[persona.purchase.type])  # type: ignore[index]
    if persona.purchase.strategic:
        kinds.add("strategic")
    purchase_cues, stage_cues = _fit_patterns()

    def fits(citation: Citation, stage: str | None) -> bool:
        if not citation.topic:
            return True
        lang = citation.language if citation.language in LANGUAGES else language
        section = citation.section
        spoken = {kind for kind, cue in purchase_cues[lang].items() if cue.search(section)}
        if spoken and not spoken & kinds:
            return False
        if stage is None:
            return True
        named = {name for name, cue in stage_cues[lang].items() if cue.search(section)}
        return not named or stage in named

    return fits


def retriever_citations(retriever: Retriever, problems: list[str] | None = None) -> Retrieve:
    """Guidance passages from the index, as citations: only what retrieval returned.

    When the index is unreachable, planning goes on without guidance citations and the
    problem is recorded once in `problems`.
    """

    def retrieve(query: str, language: str, k: int) -> list[Citation]:
        try:
            result = retriever.search(query, k=k, language=language, kinds=("guidance",))
        except StoreError as error:
            if problems is not None and not problems:
                problems.append(str(error))
            return []
        return [Citation.of(hit) for hit in result.hits]

    return retrieve


def index_revision(retriever: Retriever) -> str | None:
    """The store's revision (None when there is no index yet): the key of per-index caches."""
    try:
        return retriever.store.revision
    except StoreError:
        return None


def make_plan(
    settings: Settings,
    persona: Persona,
    retriever: Retriever | None = None,
    roles: list[str] | None = None,
    stages: list[str] | None = None,
    language: str | None = None,
) -> ContentPlan:
    """Plan for a resolved persona with the index and the (cached) reviewed content library."""
    from assistant.content_library import content_library
    from assistant.retrieval import Retriever

    validate_filters(list(roles or []), list(stages or []), language)
    retriever = retriever or Retriever(settings)
    library = content_library(settings, index_revision(retriever))
    problems: list[str] = []
    plan = plan_content(
        persona,
        retriever_citations(retriever, problems),
        roles=roles,
        stages=stages,
        language=language,
        assets=library.assets,
    )
    words = planner_text(plan.language)
    plan.warnings += [
        words.skipped_asset.format(source=skipped.source, reason=skipped.reason)
        for skipped in library.skipped
    ]
    plan.warnings += [words.citations_unavailable.format(reason=p) for p in problems]
    return plan


def join(first: str, second: str) -> str:
    return f"{first} {second}".strip() if second else first


def cell_coverage(assets: list[ContentAsset]) -> dict[tuple[str, str], list[str]]:
    """Which substantive assets cover which cells (soft assets do not count)."""
    coverage: dict[tuple[str, str], list[str]] = {}
    for asset in assets:
        if asset.verdict != "substantive":
            continue
        for role in asset.roles:
            for stage in asset.stages:
                coverage.setdefault((role, stage), []).append(asset.source)
    return coverage


def kpi_name(kpi_id: str, language: str, data: Playbook | None = None) -> str:
    """A KPI's name in a language (its id only when the playbook does not define it)."""
    rules = (data or playbook()).kpis.get(kpi_id)
    return rules.text(language).name if rules else kpi_id
