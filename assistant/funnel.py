"""The CPL/CPA funnel calculator and KPI targets: budget → leads → MQL → SQL → deals in the
budget's currency, every rate stated and every sentence in the brief's language."""

from __future__ import annotations

import math

from pydantic import BaseModel, Field

from assistant.brief_rules import brief_rules, brief_text
from assistant.errors import InputError
from assistant.numbers import format_money, format_number, format_quantity


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


class Kpi(BaseModel):
    """A KPI with a numeric target and its unit; `name` and `display` are for readers."""

    id: str
    name: str
    target: float | None = None
    unit: str = ""
    display: str = ""
    note: str = ""


MAX_LEADS = 1e12  # beyond any real campaign, and far below float overflow


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
    if budget / cpl > MAX_LEADS:  # 1e308 / 1e-308 is infinite: no funnel to compute
        raise InputError(
            f"buys more than {MAX_LEADS:,.0f} leads at this CPL; check --budget and --cpl",
            field="--budget",
        )
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
