"""Amounts in, numbers out: a budget typed the way people write it ("€15,000", "15000 EUR",
"$20k", "₪50,000", "15.000 €") becomes a value and a currency; values go back to readers
rounded and grouped the way their language writes them ("5,357", es "5.357", "€15,000",
"15.000 €"). Formats and currency names live in rules/numbers.yaml."""

from __future__ import annotations

import math
import re
from datetime import date
from functools import lru_cache

from pydantic import BaseModel, Field

from assistant.domain import Language
from assistant.errors import InputError
from assistant.rules import RuleModel, load
from assistant.text import compile_terms


class CurrencyRule(RuleModel):
    symbol: str
    names: list[str]


class NumberFormat(RuleModel):
    group: str
    decimal: str
    money: str
    money_code: str
    percent: str
    days: str
    minutes: str
    weeks: str
    date: str
    months: list[str] = Field(min_length=12, max_length=12)


class NumberRules(RuleModel):
    """rules/numbers.yaml: currencies, multipliers ("k", "mil"), per-language formats."""

    currencies: dict[str, CurrencyRule]
    multipliers: dict[str, float]
    number_words: dict[Language, list[str]] = Field(default_factory=dict)
    formats: dict[Language, NumberFormat]


def number_rules() -> NumberRules:
    return load("rules/numbers.yaml", NumberRules)


class Amount(BaseModel):
    value: float
    currency: str


CODE_RE = re.compile(r"(?<![A-Za-z])[A-Z]{3}(?![A-Za-z])")
NUMBER_RE = re.compile(r"^(?P<sign>[-−])?\s*(?P<number>\d[\d.,'\s\u00a0\u202f]*)\s*(?P<unit>\D*)$")


@lru_cache(maxsize=1)
def currency_names() -> list[tuple[re.Pattern[str], str]]:
    """(pattern, code) for every currency name, longest first ("us$" before "$")."""
    names = [
        (name.casefold(), code)
        for code, rule in number_rules().currencies.items()
        for name in rule.names
    ]
    names.sort(key=lambda item: -len(item[0]))
    patterns = []
    for name, code in names:
        body = re.escape(name)
        if name[0].isalnum():
            body = rf"(?<![^\W\d_]){body}"
        if name[-1].isalnum():
            body = rf"{body}(?![^\W\d_])"
        patterns.append((re.compile(body, re.IGNORECASE), code))
    return patterns


@lru_cache(maxsize=4)
def _quantity_pattern(language: str) -> re.Pattern[str]:
    words = number_rules().number_words.get(language, [])  # type: ignore[call-overload]
    return compile_terms(words, language) if words else re.compile(r"(?!)")


def states_quantity(text: str, language: str) -> bool:
    """Whether a sentence states a number, in digits or in words ("three stages")."""
    return bool(re.search(r"\d", text)) or _quantity_pattern(language).search(text) is not None


def parse_amount(value: str | float, default_currency: str, field: str = "--budget") -> Amount:
    """A positive amount and its currency (the default when the text names none)."""
    if isinstance(value, int | float):
        if not math.isfinite(value) or value <= 0:
            raise InputError("must be a positive amount", field=field)
        return Amount(value=float(value), currency=default_currency)
    text = " ".join(str(value).split())
    currencies: set[str] = set()
    for pattern, code in currency_names():
        if pattern.search(text):
            currencies.add(code)
            text = pattern.sub(" ", text)
    for code in CODE_RE.findall(text):
        currencies.add(code)
        text = text.replace(code, " ")
    if len(currencies) > 1:
        raise InputError(f"names two currencies ({', '.join(sorted(currencies))})", field=field)
    match = NUMBER_RE.match(text.strip())
    unit = (match.group("unit").strip().casefold() if match else "").rstrip(".")
    multipliers = {k.casefold(): v for k, v in number_rules().multipliers.items()}
    if match is None or (unit and unit not in multipliers):
        raise InputError(
            f"not an amount: {str(value)!r} (write e.g. 15000, €15,000, 15000 EUR or $20k)",
            field=field,
        )
    if match.group("sign"):
        raise InputError("must be a positive amount", field=field)
    amount = read_number(match.group("number")) * multipliers.get(unit, 1.0)
    if not math.isfinite(amount) or amount <= 0:
        raise InputError("must be a positive amount", field=field)
    return Amount(value=amount, currency=currencies.pop() if currencies else default_currency)


def read_number(digits: str) -> float:
    """ "15,000" "15.000" "15 000" "1,5" "1.5" "15,000.50" "15.000,50" → a float. A lone
    separator followed by exactly three digits groups thousands; otherwise it is decimal."""
    digits = re.sub(r"[\s\u00a0\u202f']", "", digits)
    if "," in digits and "." in digits:
        decimal = "," if digits.rfind(",") > digits.rfind(".") else "."
        group = "." if decimal == "," else ","
        digits = digits.replace(group, "").replace(decimal, ".")
    elif "," in digits or "." in digits:
        mark = "," if "," in digits else "."
        parts = digits.split(mark)
        grouped = len(parts) > 2 or len(parts[-1]) == 3
        digits = "".join(parts) if grouped else ".".join(parts)
    return float(digits)


def format_number(value: float, language: str, decimals: int | None = None) -> str:
    """Rounded for a reader and grouped in the language's way: 5357.14 → "5,357" (es
    "5.357"); below 100 one decimal at most (3.4 deals), none when it is whole (200 leads)."""
    rules = number_rules().formats[language]  # type: ignore[index]
    if decimals is None:
        decimals = 0 if abs(value) >= 100 or float(value).is_integer() else 1
    text = f"{value:,.{decimals}f}"
    if decimals and text.endswith("0" * decimals):
        text = text[: -(decimals + 1)]
    whole, _, fraction = text.partition(".")
    whole = whole.replace(",", rules.group)
    return f"{whole}{rules.decimal}{fraction}" if fraction else whole


def format_money(value: float, currency: str, language: str) -> str:
    """ "€15,000" (en), "15.000 €" (es), "15,000 ₪" (he); a code without a symbol: "NOK 15,000"."""
    rules = number_rules()
    style = rules.formats[language]  # type: ignore[index]
    amount = format_number(value, language)
    known = rules.currencies.get(currency)
    if known is None:
        return style.money_code.format(amount=amount, code=currency)
    return style.money.format(amount=amount, symbol=known.symbol)


def format_quantity(value: float, unit: str, language: str, currency: str = "") -> str:
    """A value with its unit: percent, days, minutes, weeks, money or a plain count."""
    style = number_rules().formats[language]  # type: ignore[index]
    if unit == "money":
        return format_money(value, currency, language)
    number = format_number(value, language)
    template = getattr(style, unit, None) if unit != "count" else None
    return template.format(value=number) if isinstance(template, str) else number


def format_date(day: date, language: str) -> str:
    style = number_rules().formats[language]  # type: ignore[index]
    return style.date.format(day=day.day, month=style.months[day.month - 1], year=day.year)
