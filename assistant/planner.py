"""Content plans: which content to make for each buying-center role at each buying stage, and why.

The playbook (rules/playbook.yaml) says what a role asks at a stage and what convinces it; the
persona fills in its offering, members' titles, goals, pains and objections; retrieval supplies
the guidance passages each suggestion cites; our own reviewer rejects any suggestion that
reads soft.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, computed_field

from assistant.content_library import ContentAsset
from assistant.domain import LANGUAGES, ROLES, STAGES, Topic, label
from assistant.errors import InputError
from assistant.personas import BuyingCenterMember, Persona
from assistant.playbook import playbook
from assistant.retrieval import Citation

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
    suggestions: list[Suggestion] = Field(default_factory=list)
    covered_by: list[str] = Field(default_factory=list, description="existing assets covering it")

    @computed_field
    @property
    def covered(self) -> bool:
        return bool(self.covered_by)


class ObjectionAnswer(BaseModel):
    objection: str
    evidence: str
    citations: list[Citation] = Field(default_factory=list)


class ProofPack(BaseModel):
    """Per role: the objections the persona lists and the evidence that answers each."""

    role: str
    member_title: str
    proof_needed: list[str]
    objections: list[ObjectionAnswer]


class ContentPlan(BaseModel):
    persona: str
    language: str
    purchase: dict[str, Any]
    cells: list[PlanCell]
    proof_packs: list[ProofPack] = Field(default_factory=list)
    assets: list[ContentAsset] = Field(default_factory=list)
    empty_cells: list[str] = Field(default_factory=list, description="role/stage with no asset")
    warnings: list[str] = Field(default_factory=list)


Retrieve = Callable[[str, str, int], list[Citation]]


class _Values(dict):
    """str.format_map values; a missing persona detail reads as an empty string."""

    def __missing__(self, key: str) -> str:
        return ""


def member_values(
    persona: Persona, member: BuyingCenterMember | None, role: str, turn: int
) -> _Values:
    """The persona details a template may use; `turn` rotates goals/pains across stages."""

    def pick(items: list[str]) -> str:
        return items[turn % len(items)] if items else ""

    # A role outside the buying center borrows the account's concerns from its first member.
    source = member or (persona.buying_center[0] if persona.buying_center else None)

    return _Values(
        offering=persona.purchase.offering,
        company=persona.company,
        industry=persona.industry,
        segment=persona.segment,
        member_title=member.title if member else label("roles", role, persona.language),
        goal=pick(source.goals) if source else "",
        pain=pick(source.pains) if source else "",
        objection=pick(source.objections) if source else "",
    )


def render(template: str, values: _Values) -> str:
    return " ".join(str(template).format_map(values).split())


def stages_for(persona: Persona) -> list[str]:
    return list(playbook().purchase[persona.purchase.type].stages)


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
    persona_source: str = "",
    assets: list[ContentAsset] | None = None,
) -> ContentPlan:
    """The role × stage matrix for one persona; deterministic, every suggestion reviewed."""
    from assistant.review import review_copy

    roles = list(roles or [])
    stages = list(stages or [])
    validate_filters(roles, stages, language)
    language = language or persona.language
    data = playbook()
    members = {member.role: member for member in persona.buying_center}
    warnings: list[str] = []
    plan_roles = roles or persona.roles
    for role in plan_roles:
        if role not in members:
            warnings.append(
                f"{role}: not in {persona.id}'s buying center; planned from the playbook only"
            )
    purchase_stages = stages_for(persona)
    plan_stages = [s for s in (stages or purchase_stages)]
    for stage in plan_stages:
        if stage not in purchase_stages:
            warnings.append(f"{stage}: not a stage of a {persona.purchase.type} purchase")
    purchase_text = data.purchase[persona.purchase.type].text(language)
    strategic_text = (
        data.purchase["strategic"].text(language) if persona.purchase.strategic else None
    )
    warnings.append(purchase_text.note)
    if strategic_text:
        warnings.append(strategic_text.note)
    persona_citation = Citation(
        chunk_id=f"{persona_source}#0" if persona_source else f"personas/{persona.id}.yaml#0",
        source=persona_source or f"personas/{persona.id}.yaml",
        section="account",
        language=persona.language,
    )
    coverage = cell_coverage(assets or [])
    cells: list[PlanCell] = []
    for role in plan_roles:
        member = members.get(role)
        for turn, stage in enumerate(plan_stages):
            entry = data.cell(role, stage)
            text = entry.text(language)
            values = member_values(persona, member, role, turn)
            citations = cell_citations(retrieve(text.asks, language, 8), entry.topics)
            citations.append(persona_citation)
            suggestion = Suggestion(
                title=render(text.title, values),
                format=render(text.format, values),
                angle=join(render(text.angle, values), purchase_text.angle_suffix),
                proof=join(
                    render(text.proof, values),
                    strategic_text.proof_suffix if strategic_text else "",
                ),
                cta=render(text.cta, values),
                channel=pick_channel(member, text.channel_hint),
                kpi=entry.kpi,
                citations=citations,
            )
            review = review_copy(suggestion.as_text(), language=language)
            if review.verdict != "substantive" and values["goal"]:
                suggestion.angle = join(suggestion.angle, values["goal"] + ".")
                review = review_copy(suggestion.as_text(), language=language)
            cell = PlanCell(
                role=role,
                stage=stage,
                asks=render(text.asks, values),
                covered_by=coverage.get((role, stage), []),
            )
            if review.verdict == "substantive":
                suggestion.review_score = review.score
                cell.suggestions.append(suggestion)
            else:
                warnings.append(
                    f"{role}/{stage}: suggestion rejected by review (score {review.score})"
                )
            cells.append(cell)
    cells.sort(key=lambda c: (c.covered, ROLES.index(c.role), STAGES.index(c.stage)))
    empty = [f"{c.role}/{c.stage}" for c in cells if not c.covered]
    return ContentPlan(
        persona=persona.id,
        language=language,
        purchase=persona.purchase.model_dump(),
        cells=cells,
        proof_packs=proof_packs(persona, plan_roles, language, retrieve),
        assets=list(assets or []),
        empty_cells=empty,
        warnings=warnings,
    )


def retriever_citations(retriever: Any, problems: list[str] | None = None) -> Retrieve:
    """Guidance passages from the index, as citations: only what retrieval returned.

    When the index is unreachable, planning goes on without guidance citations and the
    problem is recorded once in `problems`.
    """
    from assistant.errors import StoreError

    def retrieve(query: str, language: str, k: int) -> list[Citation]:
        try:
            result = retriever.search(query, k=k, language=language, kinds=("guidance",))
        except StoreError as error:
            if problems is not None and not problems:
                problems.append(f"guidance citations unavailable: {error}")
            return []
        return [Citation.of(hit) for hit in result.hits]

    return retrieve


def make_plan(
    settings: Any,
    persona_id: str | None = None,
    persona_file: Path | None = None,
    roles: list[str] | None = None,
    stages: list[str] | None = None,
    language: str | None = None,
    retriever: Any = None,
) -> ContentPlan:
    """Load the persona (bundled or any file), the content library and the index; plan."""
    from assistant.content_library import load_content_library
    from assistant.personas import find_persona, load_persona_file
    from assistant.retrieval import Retriever

    validate_filters(list(roles or []), list(stages or []), language)
    if persona_file is not None:
        if not persona_file.is_file():
            raise InputError(f"file not found: {persona_file}", field="--persona-file")
        persona = load_persona_file(persona_file)
        source = persona_file.name
    elif persona_id:
        persona = find_persona(settings.knowledge_dir / "personas", persona_id)
        source = f"personas/{persona.id}.yaml"
    else:
        raise InputError("give --persona ID or --persona-file FILE", field="--persona")
    retriever = retriever or Retriever(settings)
    assets = load_content_library(settings.knowledge_dir)
    problems: list[str] = []
    plan = plan_content(
        persona,
        retriever_citations(retriever, problems),
        roles=roles,
        stages=stages,
        language=language,
        persona_source=source,
        assets=assets,
    )
    plan.warnings.extend(problems)
    return plan


def cell_citations(hits: list[Citation], topics: list[Topic]) -> list[Citation]:
    """Up to three retrieved passages on the topics the playbook entry rests on (else the top 2)."""
    on_topic = [c for c in hits if c.topic in topics][:3]
    return on_topic or hits[:2]


def join(first: str, second: str) -> str:
    return f"{first} {second}".strip() if second else first


def proof_packs(
    persona: Persona, roles: list[str], language: str, retrieve: Retrieve
) -> list[ProofPack]:
    """For each member's objections, the evidence the playbook's later stages offer that role."""
    data = playbook()
    packs: list[ProofPack] = []
    for member in persona.buying_center:
        if member.role not in roles:
            continue
        proofs = []
        for turn, stage in enumerate(("supplier-search", "negotiation", "decision")):
            values = member_values(persona, member, member.role, turn)
            proofs.append(render(data.cell(member.role, stage).text(language).proof, values))
        answers = []
        for index, objection in enumerate(member.objections):
            citations = retrieve(objection, language, 2)
            answers.append(
                ObjectionAnswer(
                    objection=objection,
                    evidence=proofs[index % len(proofs)],
                    citations=citations,
                )
            )
        packs.append(
            ProofPack(
                role=member.role,
                member_title=member.title,
                proof_needed=proofs,
                objections=answers,
            )
        )
    return packs


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


CSV_COLUMNS = (
    "role",
    "stage",
    "covered_by",
    "title",
    "format",
    "angle",
    "proof",
    "cta",
    "channel",
    "kpi",
    "citations",
)


def plan_to_csv(plan: ContentPlan) -> str:
    """One row per suggestion (an empty cell still gets a row), for spreadsheets."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for cell in plan.cells:
        for suggestion in cell.suggestions or [None]:
            row = [cell.role, cell.stage, "; ".join(cell.covered_by)]
            if suggestion is None:
                row += [""] * 8
            else:
                row += [
                    suggestion.title,
                    suggestion.format,
                    suggestion.angle,
                    suggestion.proof,
                    suggestion.cta,
                    suggestion.channel,
                    suggestion.kpi,
                    "; ".join(c.chunk_id for c in suggestion.citations),
                ]
            writer.writerow(row)
    return out.getvalue()


def plan_to_markdown(plan: ContentPlan) -> str:
    """A readable plan: empty cells first, each suggestion with its citations."""
    language = plan.language
    lines = [f"# Content plan: {plan.persona}", ""]
    purchase = plan.purchase
    kind = label("purchase_types", purchase["type"], language)
    lines.append(
        f"{kind}{' · strategic' if purchase.get('strategic') else ''} · {purchase['offering']}"
    )
    lines.append("")
    for warning in plan.warnings:
        lines.append(f"> {warning}")
    if plan.empty_cells:
        lines += ["", "**No existing content:** " + ", ".join(plan.empty_cells)]
    for cell in plan.cells:
        role = label("roles", cell.role, language)
        stage = label("stages", cell.stage, language)
        covered = ", ".join(cell.covered_by) if cell.covered_by else "—"
        lines += ["", f"## {role} · {stage}", "", f"*{cell.asks}*", "", f"Covered by: {covered}"]
        for suggestion in cell.suggestions:
            sources = ", ".join(f"`{c.chunk_id}`" for c in suggestion.citations)
            lines += [
                "",
                f"### {suggestion.title}",
                f"- **Format:** {suggestion.format}",
                f"- **Angle:** {suggestion.angle}",
                f"- **Proof:** {suggestion.proof}",
                f"- **Call to action:** {suggestion.cta}",
                f"- **Channel:** {suggestion.channel} · **KPI:** {suggestion.kpi}",
                f"- **Sources:** {sources}",
            ]
    if plan.proof_packs:
        lines += ["", "## Proof and objection packs"]
        for pack in plan.proof_packs:
            lines += ["", f"### {label('roles', pack.role, language)}: {pack.member_title}"]
            for answer in pack.objections:
                lines.append(f"- **{answer.objection}** → {answer.evidence}")
    return "\n".join(lines) + "\n"
