"""Campaign briefs a manager can sign: audience roles, one short reviewed key message per role,
content from the planner, a dated timeline, owner and approver, KPI targets with units, a
CPL/CPA funnel in the budget's currency with stated assumptions, the B2B email checklist and a
stage-fit check. Everything a reader sees is in the brief's language; JSON keeps the ids."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal, get_args

from pydantic import BaseModel, Field

from assistant.domain import STAGES, Language, Stage, label
from assistant.errors import InputError
from assistant.numbers import Amount, format_money, format_number, format_quantity, parse_amount
from assistant.personas import Persona
from assistant.planner import ContentPlan, make_plan
from assistant.playbook import playbook
from assistant.retrieval import Citation
from assistant.rules import RuleModel, load

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.retrieval import Retriever

Objective = Literal["lead-generation", "nurturing", "awareness", "retention", "event"]
OBJECTIVES: tuple[str, ...] = get_args(Objective)


class ObjectiveRule(RuleModel):
    stage: Stage
    en: str
    es: str
    he: str


class FunnelDefaults(RuleModel):
    cpl: float
    mql_rate: float
    sql_rate: float
    win_rate: float


class PerLanguageWords(RuleModel):
    en: list[str]
    es: list[str]
    he: list[str]


class KeyMessageLimits(RuleModel):
    max_words: int
    min_score: int


class PhaseRule(RuleModel):
    phase: str
    weeks: int = Field(gt=0)


class PhaseNames(RuleModel):
    en: str
    es: str
    he: str


class TimelineRules(RuleModel):
    phases: dict[str, PhaseNames]
    stages: dict[Stage, list[PhaseRule]]


class BriefText(RuleModel):
    """The brief's own words in one language (headings, fields, funnel sentences)."""

    title: str
    objective: str
    stage: str
    purchase: str
    strategic: str
    owner: str
    approver: str
    start: str
    blank: str
    stage_fit: str
    fits: str
    mismatch: str
    mismatch_problem: str
    audience: str
    key_messages: str
    content: str
    channels: str
    timeline: str
    weeks: str
    kpis: str
    kpi_target: str
    funnel: str
    funnel_line: str
    cpa: str
    assumptions: str
    assumption_cpl: str
    assumption_mql: str
    assumption_sql: str
    assumption_win: str
    leads_out_of_reach: str
    deals_out_of_reach: str
    under_one_deal: str
    not_a_stage: str
    message_too_long: str
    message_low_score: str
    email_checklist: str
    warnings: str
    sources: str
    kpi_cpl: str
    kpi_leads: str
    kpi_mqls: str
    kpi_sqls: str
    kpi_deals: str
    kpi_cpa: str


class BriefRules(RuleModel):
    """rules/briefs.yaml: objectives, funnel defaults, key-message limits, timeline, stage-fit
    words, email checklist and the brief's words per language."""

    objectives: dict[Objective, ObjectiveRule]
    funnel: FunnelDefaults
    key_messages: KeyMessageLimits
    timeline: TimelineRules
    stage_mismatch: dict[Stage, PerLanguageWords]
    email_checklist: PerLanguageWords
    text: dict[Language, BriefText]


def brief_rules() -> BriefRules:
    return load("rules/briefs.yaml", BriefRules)


def brief_text(language: str) -> BriefText:
    return brief_rules().text[language]  # type: ignore[index]


def objective_label(objective: str, language: str) -> str:
    """ "Lead generation", "Generación de leads", "יצירת לידים": never the id."""
    rule = brief_rules().objectives.get(objective)  # type: ignore[call-overload]
    return getattr(rule, language) if rule else objective


class FunnelEstimate(BaseModel):
    """Budget → leads → MQL → SQL → deals, every rate stated so the numbers can be argued."""

    budget: float
    currency: str
    cpl: float
    leads: int
    mql_rate: float
    mqls: int
    sql_rate: float
    sqls: int
    win_rate: float
    deals: float
    cost_per_mql: float | None
    cost_per_sql: float | None
    cpa: float | None = Field(description="cost per acquired customer (deal)")
    assumptions: list[str]
    warnings: list[str] = Field(default_factory=list)


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


class Kpi(BaseModel):
    """A KPI with a numeric target and its unit; `name` and `display` are for readers."""

    id: str
    name: str
    target: float | None = None
    unit: str = ""
    display: str = ""
    note: str = ""


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


def estimate_funnel(
    budget: float,
    cpl: float | None = None,
    mql_rate: float | None = None,
    sql_rate: float | None = None,
    win_rate: float | None = None,
    target_leads: int | None = None,
    target_deals: int | None = None,
    currency: str = "EUR",
    language: str = "en",
) -> FunnelEstimate:
    """The funnel a budget buys at the stated rates, and what it cannot reach."""
    defaults = brief_rules().funnel
    words = brief_text(language)
    cpl = float(cpl if cpl is not None else defaults.cpl)
    rates = {
        "mql_rate": float(mql_rate if mql_rate is not None else defaults.mql_rate),
        "sql_rate": float(sql_rate if sql_rate is not None else defaults.sql_rate),
        "win_rate": float(win_rate if win_rate is not None else defaults.win_rate),
    }
    if budget <= 0 or not math.isfinite(budget):
        raise InputError("must be a positive amount", field="--budget")
    if cpl <= 0 or not math.isfinite(cpl):
        raise InputError("must be a positive amount", field="--cpl")
    for name, rate in rates.items():
        if not 0 < rate <= 1:
            raise InputError("must be between 0 and 1", field=f"--{name.replace('_', '-')}")
    leads = int(budget // cpl)
    mqls = int(leads * rates["mql_rate"])
    sqls = int(mqls * rates["sql_rate"])
    deals = round(sqls * rates["win_rate"], 1)

    def money(value: float) -> str:
        return format_money(value, currency, language)

    def percent(rate: float) -> str:
        return format_quantity(round(rate * 100, 1), "percent", language)

    estimate = FunnelEstimate(
        budget=budget,
        currency=currency,
        cpl=cpl,
        leads=leads,
        mqls=mqls,
        sqls=sqls,
        deals=deals,
        cost_per_mql=round(budget / mqls) if mqls else None,
        cost_per_sql=round(budget / sqls) if sqls else None,
        cpa=round(budget / deals) if deals else None,
        assumptions=[
            words.assumption_cpl.format(cpl=money(cpl)),
            words.assumption_mql.format(rate=percent(rates["mql_rate"])),
            words.assumption_sql.format(rate=percent(rates["sql_rate"])),
            words.assumption_win.format(rate=percent(rates["win_rate"])),
        ],
        **rates,
    )
    if target_leads is not None and target_leads > leads:
        estimate.warnings.append(
            words.leads_out_of_reach.format(
                target=format_number(target_leads, language),
                leads=format_number(leads, language),
                cpl=money(cpl),
                needed=money(target_leads * cpl),
            )
        )
    if target_deals is not None and target_deals > deals:
        per_deal = cpl / (rates["mql_rate"] * rates["sql_rate"] * rates["win_rate"])
        estimate.warnings.append(
            words.deals_out_of_reach.format(
                target=format_number(target_deals, language),
                deals=format_number(deals, language),
                needed=money(target_deals * per_deal),
            )
        )
    if deals < 1:
        estimate.warnings.append(words.under_one_deal.format(deals=format_number(deals, language)))
    return estimate


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


def funnel_kpis(funnel: FunnelEstimate, language: str) -> list[Kpi]:
    words = brief_text(language)
    rows: list[tuple[str, str, float | None, str]] = [
        ("cpl", words.kpi_cpl, funnel.cpl, "money"),
        ("leads", words.kpi_leads, funnel.leads, "count"),
        ("mqls", words.kpi_mqls, funnel.mqls, "count"),
        ("sqls", words.kpi_sqls, funnel.sqls, "count"),
        ("deals", words.kpi_deals, funnel.deals, "count"),
        ("cpa", words.kpi_cpa, funnel.cpa, "money"),
    ]
    return [
        Kpi(
            id=kpi_id,
            name=name,
            target=value,
            unit=unit,
            display=format_quantity(value, unit, language, funnel.currency)
            if value is not None
            else "—",
        )
        for kpi_id, name, value, unit in rows
    ]


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
