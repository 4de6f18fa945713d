"""The campaign-brief rules (rules/briefs.yaml) as typed data: objectives and their stages,
funnel defaults, key-message limits, the timeline, stage-fit words, the email checklist and
the brief's words per language. Read by the briefs, the funnel calculator and the exports."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field

from assistant.domain import Language, Stage
from assistant.rules import RuleModel, load

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
