"""A metric worked out from the user's own numbers: "we spent 9,000 € and got 150 leads,
what's our CPL?" is answered with 60 €, then the formula. Cost ÷ count metrics only (CPL, CPA,
cost per deal), and only when the message is unambiguous: exactly one amount of money and the
count the metric divides by (rules/calculations.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.domain import Language
from assistant.numbers import (
    currency_names,
    format_money,
    format_number,
    format_quantity,
    number_rules,
    read_number,
)
from assistant.rules import RuleModel, load
from assistant.text import compile_terms


class CalculationRules(RuleModel):
    """rules/calculations.yaml."""

    metrics: dict[str, str]
    count_words: dict[str, dict[Language, list[str]]]
    per_words: dict[Language, list[str]]
    invalid_leads: dict[Language, list[str]]
    sentences: dict[Language, dict[str, str]]


def calculation_rules() -> CalculationRules:
    return load("rules/calculations.yaml", CalculationRules)


# "9.000", "30,000", "1 500", "2.5": a number as people type it (grouped or with decimals).
NUMBER_RE = re.compile(
    r"(?<![\w.,])(?:\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![\d.,]\d)"
)
YEARS = range(1990, 2101)  # "in 2025" is a date, not a count


@dataclass(frozen=True)
class Number:
    value: float
    currency: str | None  # set for an amount of money
    percent: bool


@dataclass(frozen=True)
class Calculation:
    metric: str
    fact_id: str  # the fact stating the formula: the computed sentence cites its passage
    text: str


def read_numbers(text: str) -> list[tuple[Number, int]]:
    """Every number of a message, with its currency ("€9,000", "9.000 €", "30,000 EUR", "$20k")
    or percent sign, multipliers ("20k", "15 mil") applied; each with where its words end."""
    multipliers = {k.casefold(): v for k, v in number_rules().multipliers.items()}
    found: list[tuple[Number, int]] = []
    for match in NUMBER_RE.finditer(text):
        digits = match.group().strip()
        try:
            value = read_number(digits)
        except ValueError:
            continue
        after = text[match.end() : match.end() + 16]
        unit = re.match(r"\s?([^\W\d_]+)", after)
        multiplied = bool(unit and unit.group(1).casefold() in multipliers)
        if unit and multiplied:
            value *= multipliers[unit.group(1).casefold()]
            after = after[unit.end() :]
        before = text[max(0, match.start() - 4) : match.start()]
        currency = None
        for pattern, code in currency_names():
            head = pattern.match(after.lstrip())
            tail = [m for m in pattern.finditer(before) if not before[m.end() :].strip()]
            if head is not None or tail:
                currency = code
                break
        percent = after.lstrip().startswith("%")
        end = match.end() + (unit.end() if unit and multiplied else 0)
        found.append((Number(value, currency, percent), end))
    return found


@lru_cache(maxsize=32)
def word_pattern(name: str, language: str, metric: str = "") -> re.Pattern[str]:
    """One word list of rules/calculations.yaml (`per_words`, `invalid_leads`, or a metric's
    `count_words`) for one language, compiled once."""
    rules = calculation_rules()
    words = rules.count_words[metric] if name == "count_words" else getattr(rules, name)
    return compile_terms(words[language], language)


def counts(numbers: list[tuple[Number, int]]) -> list[tuple[Number, int]]:
    """The numbers that can count something: whole, positive, not money, a rate or a year."""
    return [
        (n, end)
        for n, end in numbers
        if not n.currency
        and not n.percent
        and n.value >= 1
        and float(n.value).is_integer()
        and int(n.value) not in YEARS
    ]


def counted_values(
    text: str, plain: list[tuple[Number, int]], metric: str, language: str
) -> list[float]:
    """The plain numbers that the metric's unit word follows within three words."""
    units = word_pattern("count_words", language, metric)
    return [n.value for n, end in plain if units.search(" ".join(text[end:].split()[:3]))]


def calculate_metric(text: str, language: str, metrics: list[str]) -> Calculation | None:
    """The asked cost-per metric computed from the message's numbers, or None when the message
    does not give them unambiguously (no amount, two amounts, no count, or counts that do not
    say which one the metric divides by)."""
    rules = calculation_rules()
    asked = [metric for metric in metrics if metric in rules.metrics]
    if not asked:
        return None
    metric = asked[0]
    numbers = read_numbers(text)
    per = word_pattern("per_words", language)
    money = {
        (n.value, n.currency)
        for n, end in numbers
        # after the number comes its currency ("40 EUR per lead") or the word itself ("€40 per")
        if n.currency
        and not any(per.match(" ".join(text[end:].split()[i : i + 2])) for i in (0, 1))
    }
    plain = counts(numbers)
    if len(money) != 1 or not plain:
        return None
    # The count the metric divides by: a number its unit word follows ("150 leads").
    counted = counted_values(text, plain, metric, language)
    cost, currency = next(iter(money))
    assert currency is not None
    sentences = rules.sentences[language]  # type: ignore[index]
    values = {"cost": format_money(cost, currency, language)}
    key = metric
    rates = [n.value for n, _ in numbers if n.percent and 0 < n.value <= 100]
    leads = counted_values(text, plain, "cpl", language)
    if not counted and metric != "cpl" and len(leads) == 1 and rates:
        # "500 leads; 15% became MQL, 20% of those SQL, 20% won": deals = leads × each rate.
        deals = leads[0]
        for rate in rates:
            deals *= rate / 100
        if deals <= 0:
            return None
        values["leads"] = format_number(leads[0], language)
        values["rates"] = " × ".join(format_quantity(rate, "percent", language) for rate in rates)
        values["count"] = format_number(deals, language)
        values["result"] = format_money(cost / deals, currency, language)
        text_out = sentences[f"{metric}_funnel"].format(**values)
        return Calculation(metric, rules.metrics[metric], text_out)
    if len(counted) != 1:
        return None
    count = counted[0]
    smaller = [n.value for n, _ in plain if n.value < count]
    if (
        metric == "cpl"
        and len(smaller) == 1
        and word_pattern("invalid_leads", language).search(text)
    ):
        # "180 forms, but 30 are gmails or competitors": the guidance counts valid leads only.
        values["total"] = format_number(count, language)
        values["invalid"] = format_number(smaller[0], language)
        count -= smaller[0]
        key = "cpl_valid"
    values["count"] = format_number(count, language)
    values["result"] = format_money(cost / count, currency, language)
    return Calculation(metric, rules.metrics[metric], sentences[key].format(**values))


def leads_needed(text: str, language: str) -> Calculation | None:
    """ "Sales wants 10 customers; 30% lead to MQL, 40% MQL to SQL, 25% close: how many leads?"
    The funnel worked backwards: the deals asked for ÷ the product of the rates given, and at a
    cost per lead given in the message, the budget that takes. None unless the message gives one
    count of deals, two rates or more, and no count of leads (that is the forward calculation)."""
    numbers = read_numbers(text)
    rates = [n.value for n, _ in numbers if n.percent and 0 < n.value < 100]
    plain = counts(numbers)
    deals = counted_values(text, plain, "cpa", language)
    if len(rates) < 2 or len(deals) != 1 or counted_values(text, plain, "cpl", language):
        return None
    share = 1.0
    for rate in rates:
        share *= rate / 100
    needed = deals[0] / share
    leads = round(needed)
    sentences = calculation_rules().sentences[language]  # type: ignore[index]
    values = {
        "leads": format_number(leads, language),
        "count": format_number(deals[0], language),
        "rates": " × ".join(format_quantity(rate, "percent", language) for rate in rates),
    }
    out = sentences["leads_needed"].format(**values)
    money = {(n.value, n.currency) for n, _ in numbers if n.currency}
    if len(money) == 1:
        # "CPL 60 €": the price of one lead, so the leads needed cost that many times it.
        price, currency = next(iter(money))
        assert currency is not None
        budget = format_money(price * needed, currency, language)
        out += " " + sentences["leads_budget"].format(
            budget=budget, price=format_money(price, currency, language)
        )
    return Calculation("lead", "funnel-worked", out)


__all__ = ["Calculation", "calculate_metric", "leads_needed", "read_numbers"]
