"""Campaign briefs a manager can sign: audience roles, one short reviewed key message per role,
content from the planner, a dated timeline, owner and approver, KPI targets with units, a
CPL/CPA funnel in the budget's currency with stated assumptions, the B2B email checklist and a
stage-fit check. Everything a reader sees is in the brief's language; JSON keeps the ids."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from assistant.brief_rules import OBJECTIVES, Objective, brief_rules, brief_text, objective_label
from assistant.domain import STAGES, label
from assistant.errors import InputError
from assistant.funnel import FunnelEstimate, Kpi, estimate_funnel, funnel_kpis
from assistant.numbers import Amount, format_quantity, parse_amount
from assistant.personas import Persona
from assistant.planner import ContentPlan, make_plan
from assistant.playbook import playbook
from assistant.retrieval import Citation

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.retrieval import Retriever

__all__ = [
    "OBJECTIVES",
    "Brief",
    "BriefOptions",
    "FunnelEstimate",
    "Kpi",
    "build_brief",
    "check_stage_fit",
    "estimate_funnel",
    "make_brief",
    "objective_label",
]


class AudienceMember(BaseModel):
    role: str
    title: str
    needs: str


class KeyMessage(BaseModel):
    role: str
    message: str
    words: int = 0
    review_score: int = 0


class ContentPiece(BaseModel):
    role: str
    title: str
    format: str
    cta: str
    channel: str


class Phase(BaseModel):
    id: str
    name: str
    start: date
    end: date
    weeks: int


class StageFit(BaseModel):
    verdict: Literal["fits", "mismatch"]
    stage: str
    problems: list[str] = Field(default_factory=list)


class BriefOptions(BaseModel):
    """What the marketer chooses; everything else comes from the persona and the playbook."""

    objective: str = "lead-generation"
    stage: str | None = None
    channels: list[str] = Field(default_factory=list)
    budget: str | float | None = Field(None, description="e.g. 15000, €15,000, 15000 EUR, $20k")
    cpl: float | None = None
    target_leads: int | None = None
    target_deals: int | None = None
    language: str | None = None
    start_date: date | None = None
    owner: str = ""
    approver: str = ""


class Brief(BaseModel):
    persona: str
    company: str = ""
    objective: Objective
    stage: str
    language: str
    purchase: dict[str, object] = Field(default_factory=dict)
    owner: str = ""
    approver: str = ""
    start_date: date | None = None
    timeline: list[Phase] = Field(default_factory=list)
    audience: list[AudienceMember]
    key_messages: list[KeyMessage]
    content: list[ContentPiece]
    channels: list[str]
    kpis: list[Kpi]
    currency: str = ""
    funnel: FunnelEstimate | None = None
    email_checklist: list[str]
    stage_fit: StageFit
    citations: list[Citation]
    review_score: int = Field(0, description="the lowest review score of the key messages")
    warnings: list[str] = Field(default_factory=list)


def check_stage_fit(pieces: list[ContentPiece], stage: str, language: str) -> StageFit:
    """A call to action must not ask for more than the stage allows (no demo at `need`)."""
    words: list[str] = getattr(brief_rules().stage_mismatch[stage], language, [])  # type: ignore[index]
    template = brief_text(language).mismatch_problem
    problems = []
    for piece in pieces:
        cta = piece.cta.casefold()
        for word in words:
            if word.casefold() in cta:
                problems.append(
                    template.format(
                        role=label("roles", piece.role, language),
                        cta=piece.cta,
                        word=word,
                        stage=label("stages", stage, language),
                    )
                )
                break
    return StageFit(verdict="mismatch" if problems else "fits", stage=stage, problems=problems)


def make_timeline(stage: str, start: date, language: str) -> list[Phase]:
    """The stage's phases back to back from the start date (briefs.yaml `timeline`)."""
    rules = brief_rules().timeline
    phases: list[Phase] = []
    begin = start
    for rule in rules.stages[stage]:  # type: ignore[index]
        end = begin + timedelta(weeks=rule.weeks) - timedelta(days=1)
        name = getattr(rules.phases[rule.phase], language)
        phases.append(Phase(id=rule.phase, name=name, start=begin, end=end, weeks=rule.weeks))
        begin = end + timedelta(days=1)
    return phases


def stage_kpis(plan: ContentPlan, stage: str, currency: str) -> list[Kpi]:
    """The KPIs the stage's suggestions name, with the playbook's targets and units."""
    data = playbook()
    ids = dict.fromkeys(
        s.kpi for cell in plan.cells if cell.stage == stage for s in cell.suggestions
    )
    kpis = []
    for kpi_id in ids:
        rule = data.kpis.get(kpi_id)
        if rule is None:
            continue
        kpis.append(
            Kpi(
                id=kpi_id,
                name=rule.text(plan.language).name,
                target=rule.target,
                unit=rule.unit,
                display=format_quantity(rule.target, rule.unit, plan.language, currency),
            )
        )
    return kpis


def build_brief(
    plan: ContentPlan,
    options: BriefOptions,
    funnel: FunnelEstimate | None = None,
    currency: str = "EUR",
) -> Brief:
    """A brief for the persona of a plan, at the stage the objective serves (or the one given)."""
    from assistant.review import review_copy

    objective = check_objective(options.objective)
    stage = options.stage or brief_rules().objectives[objective].stage  # type: ignore[index]
    if stage not in STAGES:
        raise InputError(f"unknown stage {stage!r} (use {', '.join(STAGES)})", field="--stage")
    language = plan.language
    words = brief_text(language)
    limits = brief_rules().key_messages
    warnings: list[str] = []
    cells = [cell for cell in plan.cells if cell.stage == stage]
    if not cells:
        warnings.append(
            words.not_a_stage.format(
                stage=label("stages", stage, language),
                purchase=label("purchase_types", str(plan.purchase["type"]), language),
            )
        )
    cells.sort(key=lambda cell: plan_role_order(plan, cell.role))
    audience, messages, pieces, citations = [], [], [], []
    for cell in cells:
        if not cell.suggestions:
            continue
        suggestion = cell.suggestions[0]
        role_name = label("roles", cell.role, language)
        audience.append(
            AudienceMember(role=cell.role, title=member_title(plan, cell.role), needs=cell.asks)
        )
        review = review_copy(cell.message, language=language)
        count = len(cell.message.split())
        messages.append(
            KeyMessage(role=cell.role, message=cell.message, words=count, review_score=review.score)
        )
        if count > limits.max_words:
            warnings.append(
                words.message_too_long.format(role=role_name, words=count, limit=limits.max_words)
            )
        if review.score < limits.min_score:
            warnings.append(
                words.message_low_score.format(
                    role=role_name, score=review.score, limit=limits.min_score
                )
            )
        pieces.append(
            ContentPiece(
                role=cell.role,
                title=suggestion.title,
                format=suggestion.format,
                cta=suggestion.cta,
                channel=suggestion.channel,
            )
        )
        known = {c.chunk_id for c in citations}
        citations += [c for c in suggestion.citations if c.chunk_id not in known]
    chosen_channels = list(
        dict.fromkeys(options.channels or [piece.channel for piece in pieces if piece.channel])
    )
    kpis = [
        kpi
        for kpi in stage_kpis(plan, stage, currency)
        if not (funnel is not None and kpi.id == "cpl")
    ]
    if funnel is not None:
        kpis += funnel_kpis(funnel, language)
        warnings += funnel.warnings
    start = options.start_date or date.today()
    return Brief(
        persona=plan.persona,
        company=plan.company,
        objective=objective,  # type: ignore[arg-type]
        stage=stage,
        language=language,
        purchase=dict(plan.purchase),
        owner=options.owner.strip(),
        approver=options.approver.strip(),
        start_date=start,
        timeline=make_timeline(stage, start, language),
        audience=audience,
        key_messages=messages,
        content=pieces,
        channels=chosen_channels,
        kpis=kpis,
        currency=funnel.currency if funnel is not None else currency,
        funnel=funnel,
        email_checklist=list(getattr(brief_rules().email_checklist, language)),
        stage_fit=check_stage_fit(pieces, stage, language),
        citations=citations,
        review_score=min((m.review_score for m in messages), default=0),
        warnings=warnings,
    )


def plan_role_order(plan: ContentPlan, role: str) -> int:
    """Audience in the persona's buying-center order (the plan puts empty cells first)."""
    roles = [pack.role for pack in plan.proof_packs]
    return roles.index(role) if role in roles else len(roles)


def member_title(plan: ContentPlan, role: str) -> str:
    for pack in plan.proof_packs:
        if pack.role == role:
            return pack.member_title
    return label("roles", role, plan.language)


def check_objective(objective: str) -> str:
    if objective not in OBJECTIVES:
        raise InputError(
            f"unknown objective {objective!r} (use {', '.join(OBJECTIVES)})", field="--objective"
        )
    return objective


def make_brief(
    settings: Settings,
    persona: Persona,
    options: BriefOptions | None = None,
    retriever: Retriever | None = None,
) -> Brief:
    """Plan for the persona at the brief's stage, then assemble the brief."""
    options = options or BriefOptions()
    objective = check_objective(options.objective)
    target_stage = options.stage or brief_rules().objectives[objective].stage  # type: ignore[index]
    amount: Amount | None = None
    if options.budget is not None:
        amount = parse_amount(options.budget, settings.currency, field="--budget")
    plan = make_plan(
        settings,
        persona,
        retriever=retriever,
        stages=[target_stage],
        language=options.language,
    )
    funnel = None
    if amount is not None:
        funnel = estimate_funnel(
            amount.value,
            cpl=options.cpl,
            target_leads=options.target_leads,
            target_deals=options.target_deals,
            currency=amount.currency,
            language=plan.language,
        )
    brief = build_brief(
        plan,
        options.model_copy(update={"stage": target_stage}),
        funnel,
        currency=amount.currency if amount else settings.currency,
    )
    notes = {rule.text(plan.language).note for rule in playbook().purchase.values()}
    brief.warnings = [w for w in plan.warnings if w not in notes] + brief.warnings
    return brief
