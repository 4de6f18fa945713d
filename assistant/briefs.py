"""Campaign briefs: audience roles, key messages, content from the planner, a CPL/CPA funnel
calculator with stated assumptions, the B2B email checklist and a stage-fit check."""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, Field

from assistant.domain import STAGES, Stage, label
from assistant.errors import InputError
from assistant.planner import ContentPlan, make_plan
from assistant.retrieval import Citation
from assistant.rules import RuleModel, load

Objective = Literal["lead-generation", "nurturing", "awareness", "retention", "event"]
OBJECTIVES: tuple[str, ...] = get_args(Objective)


class ObjectiveRule(RuleModel):
    stage: Stage


class FunnelDefaults(RuleModel):
    cpl: float
    mql_rate: float
    sql_rate: float
    win_rate: float


class PerLanguageWords(RuleModel):
    en: list[str]
    es: list[str]
    he: list[str]


class BriefRules(RuleModel):
    """rules/briefs.yaml: objective → stage, funnel defaults, stage-fit words, email checklist."""

    objectives: dict[Objective, ObjectiveRule]
    funnel: FunnelDefaults
    stage_mismatch: dict[Stage, PerLanguageWords]
    email_checklist: PerLanguageWords


def brief_rules() -> BriefRules:
    return load("rules/briefs.yaml", BriefRules)


class FunnelEstimate(BaseModel):
    """Budget → leads → MQL → SQL → deals, every rate stated so the numbers can be argued."""

    budget: float
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


class ContentPiece(BaseModel):
    role: str
    title: str
    format: str
    cta: str
    channel: str


class Kpi(BaseModel):
    name: str
    target: float | str
    note: str = ""


class StageFit(BaseModel):
    verdict: Literal["fits", "mismatch"]
    stage: str
    problems: list[str] = Field(default_factory=list)


class Brief(BaseModel):
    persona: str
    objective: Objective
    stage: str
    language: str
    audience: list[AudienceMember]
    key_messages: list[KeyMessage]
    content: list[ContentPiece]
    channels: list[str]
    kpis: list[Kpi]
    funnel: FunnelEstimate | None = None
    email_checklist: list[str]
    stage_fit: StageFit
    citations: list[Citation]
    review_score: int = 0
    warnings: list[str] = Field(default_factory=list)


def estimate_funnel(
    budget: float,
    cpl: float | None = None,
    mql_rate: float | None = None,
    sql_rate: float | None = None,
    win_rate: float | None = None,
    target_leads: int | None = None,
    target_deals: int | None = None,
) -> FunnelEstimate:
    """The funnel a budget buys at the stated rates, and what it cannot reach."""
    defaults = brief_rules().funnel
    cpl = float(cpl if cpl is not None else defaults.cpl)
    rates = {
        "mql_rate": float(mql_rate if mql_rate is not None else defaults.mql_rate),
        "sql_rate": float(sql_rate if sql_rate is not None else defaults.sql_rate),
        "win_rate": float(win_rate if win_rate is not None else defaults.win_rate),
    }
    if budget <= 0 or not math.isfinite(budget):
        raise InputError("must be a positive amount", field="--budget")
    if cpl <= 0:
        raise InputError("must be a positive amount", field="--cpl")
    for name, rate in rates.items():
        if not 0 < rate <= 1:
            raise InputError("must be between 0 and 1", field=f"--{name.replace('_', '-')}")
    leads = int(budget // cpl)
    mqls = int(leads * rates["mql_rate"])
    sqls = int(mqls * rates["sql_rate"])
    deals = round(sqls * rates["win_rate"], 2)
    estimate = FunnelEstimate(
        budget=budget,
        cpl=cpl,
        leads=leads,
        mqls=mqls,
        sqls=sqls,
        deals=deals,
        cost_per_mql=round(budget / mqls, 2) if mqls else None,
        cost_per_sql=round(budget / sqls, 2) if sqls else None,
        cpa=round(budget / deals, 2) if deals else None,
        assumptions=[
            f"cost per lead {cpl:g}",
            f"{rates['mql_rate']:.0%} of leads become MQLs",
            f"{rates['sql_rate']:.0%} of MQLs become SQLs",
            f"{rates['win_rate']:.0%} of SQLs become deals",
        ],
        **rates,
    )
    if target_leads is not None and target_leads > leads:
        needed = target_leads * cpl
        estimate.warnings.append(
            f"target of {target_leads} leads is out of reach: the budget buys {leads} at CPL "
            f"{cpl:g}; it needs {needed:,.0f}"
        )
    if target_deals is not None and target_deals > deals:
        per_deal = cpl / (rates["mql_rate"] * rates["sql_rate"] * rates["win_rate"])
        estimate.warnings.append(
            f"target of {target_deals} deals is out of reach: the budget yields {deals:g}; "
            f"it needs about {target_deals * per_deal:,.0f}"
        )
    if deals < 1:
        estimate.warnings.append(
            f"the budget yields {deals:g} expected deals at these rates: fewer than one"
        )
    return estimate


def check_stage_fit(pieces: list[ContentPiece], stage: str, language: str) -> StageFit:
    """A call to action must not ask for more than the stage allows (no demo at `need`)."""
    words: list[str] = getattr(brief_rules().stage_mismatch[stage], language, [])  # type: ignore[index]
    problems = []
    for piece in pieces:
        cta = piece.cta.casefold()
        for word in words:
            if word.casefold() in cta:
                problems.append(
                    f"{piece.role}: “{piece.cta}” asks for “{word}” at the {stage} stage"
                )
                break
    return StageFit(verdict="mismatch" if problems else "fits", stage=stage, problems=problems)


def build_brief(
    plan: ContentPlan,
    objective: str,
    stage: str | None = None,
    channels: list[str] | None = None,
    funnel: FunnelEstimate | None = None,
) -> Brief:
    """A brief for the persona of a plan, at the stage the objective serves (or the one given)."""
    from assistant.review import review_copy

    if objective not in OBJECTIVES:
        raise InputError(
            f"unknown objective {objective!r} (use {', '.join(OBJECTIVES)})", field="--objective"
        )
    stage = stage or brief_rules().objectives[objective].stage  # type: ignore[index]
    if stage not in STAGES:
        raise InputError(f"unknown stage {stage!r} (use {', '.join(STAGES)})", field="--stage")
    language = plan.language
    warnings: list[str] = []
    cells = [cell for cell in plan.cells if cell.stage == stage]
    if not cells:
        warnings.append(f"{stage}: not a stage of this persona's {plan.purchase['type']} purchase")
    audience, messages, pieces, citations = [], [], [], []
    for cell in cells:
        if not cell.suggestions:
            continue
        suggestion = cell.suggestions[0]
        audience.append(
            AudienceMember(role=cell.role, title=member_title(plan, cell.role), needs=cell.asks)
        )
        messages.append(
            KeyMessage(role=cell.role, message=f"{suggestion.angle} {suggestion.proof}")
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
        citations += [
            c for c in suggestion.citations if c.chunk_id not in {x.chunk_id for x in citations}
        ]
    chosen_channels = list(
        dict.fromkeys(channels or [piece.channel for piece in pieces if piece.channel])
    )
    kpis = [
        Kpi(name=kpi, target="", note=f"{label('stages', stage, language)}")
        for kpi in stage_kpis(plan, stage)
    ]
    if funnel is not None:
        kpis += [
            Kpi(name="CPL", target=funnel.cpl),
            Kpi(name="leads", target=funnel.leads),
            Kpi(name="MQL", target=funnel.mqls),
            Kpi(name="SQL", target=funnel.sqls),
            Kpi(name="deals", target=funnel.deals),
            Kpi(name="CPA", target=funnel.cpa if funnel.cpa is not None else "n/a"),
        ]
        warnings += funnel.warnings
    review_text = " ".join(message.message for message in messages)
    review_score = review_copy(review_text, language=language).score if review_text else 0
    return Brief(
        persona=plan.persona,
        objective=objective,  # type: ignore[arg-type]
        stage=stage,
        language=language,
        audience=audience,
        key_messages=messages,
        content=pieces,
        channels=chosen_channels,
        kpis=kpis,
        funnel=funnel,
        email_checklist=list(getattr(brief_rules().email_checklist, language)),
        stage_fit=check_stage_fit(pieces, stage, language),
        citations=citations,
        review_score=review_score,
        warnings=warnings,
    )


def member_title(plan: ContentPlan, role: str) -> str:
    for pack in plan.proof_packs:
        if pack.role == role:
            return pack.member_title
    return role


def stage_kpis(plan: ContentPlan, stage: str) -> list[str]:
    return list(
        dict.fromkeys(s.kpi for cell in plan.cells if cell.stage == stage for s in cell.suggestions)
    )


def make_brief(
    settings: Any,
    persona_id: str | None = None,
    persona_file: Path | None = None,
    objective: str = "lead-generation",
    stage: str | None = None,
    channels: list[str] | None = None,
    budget: float | None = None,
    language: str | None = None,
    retriever: Any = None,
    **funnel_options: Any,
) -> Brief:
    """Plan for the persona at the brief's stage, then assemble the brief."""
    if objective not in OBJECTIVES:
        raise InputError(
            f"unknown objective {objective!r} (use {', '.join(OBJECTIVES)})", field="--objective"
        )
    target_stage = stage or brief_rules().objectives[objective].stage  # type: ignore[index]
    plan = make_plan(
        settings,
        persona_id=persona_id,
        persona_file=persona_file,
        stages=[target_stage],
        language=language,
        retriever=retriever,
    )
    funnel = estimate_funnel(budget, **funnel_options) if budget is not None else None
    return build_brief(plan, objective, target_stage, channels, funnel)


def brief_to_markdown(brief: Brief) -> str:
    language = brief.language
    lines = [
        f"# Campaign brief: {brief.persona}",
        "",
        f"**Objective:** {brief.objective} · **Stage:** {label('stages', brief.stage, language)}",
        f"**Stage fit:** {brief.stage_fit.verdict}",
    ]
    lines += [f"- {problem}" for problem in brief.stage_fit.problems]
    lines += ["", "## Audience"]
    lines += [
        f"- **{label('roles', a.role, language)}** ({a.title}): {a.needs}" for a in brief.audience
    ]
    lines += ["", "## Key messages"]
    lines += [f"- **{label('roles', m.role, language)}:** {m.message}" for m in brief.key_messages]
    lines += ["", "## Content"]
    lines += [f"- {p.title} ({p.format}) → {p.cta} · {p.channel}" for p in brief.content]
    lines += ["", "## Channels", ", ".join(brief.channels) or "—", "", "## KPIs"]
    lines += [f"- {k.name}: {k.target} {k.note}".rstrip() for k in brief.kpis]
    if brief.funnel:
        f = brief.funnel
        lines += [
            "",
            "## Funnel",
            f"Budget {f.budget:,.0f} → {f.leads} leads → {f.mqls} MQL → {f.sqls} SQL → "
            f"{f.deals:g} deals" + (f" · CPA {f.cpa:,.0f}" if f.cpa else ""),
            "Assumptions: " + "; ".join(f.assumptions),
        ]
    lines += ["", "## Email checklist"] + [f"- [ ] {item}" for item in brief.email_checklist]
    if brief.warnings:
        lines += ["", "## Warnings"] + [f"- {w}" for w in brief.warnings]
    lines += ["", "## Sources"] + [f"- `{c.chunk_id}` {c.section}" for c in brief.citations]
    return "\n".join(lines) + "\n"


def brief_to_docx(brief: Brief) -> bytes:
    """The Markdown brief as a Word document (headings, bullets, paragraphs)."""
    import docx

    document = docx.Document()
    for line in brief_to_markdown(brief).splitlines():
        if line.startswith("# "):
            document.add_heading(line[2:], level=1)
        elif line.startswith("## "):
            document.add_heading(line[3:], level=2)
        elif line.startswith(("- [ ] ", "- ")):
            text = line[6:] if line.startswith("- [ ] ") else line[2:]
            document.add_paragraph(text.replace("**", "").replace("`", ""), style="List Bullet")
        elif line.strip():
            document.add_paragraph(line.replace("**", "").replace("`", ""))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
