"""The email check's rule files as typed data, the finding they produce, and the rule registry.

Why a module of its own: the rules are split by concern (email_structure: rendering and
structure; email_signals: what spam filters react to), and both need the same catalogue,
phrase matching and finding factory. A rule returns language-neutral `Hit`s; the report
renders them in the reader's language from rules/email/rules.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field, field_validator

from assistant.domain import LANGUAGES, Language
from assistant.email_mime import NormalisedEmail, fold
from assistant.rules import RuleModel, load, read_text
from assistant.text import HEBREW_LETTER_RE, HEBREW_PREFIX_LETTERS, compile_terms

Severity = Literal["error", "warning", "info"]


def _every_language(text: dict[Language, str]) -> dict[Language, str]:
    missing = [language for language in LANGUAGES if not text.get(language)]  # type: ignore[call-overload]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    return text


Localised = Annotated[dict[Language, str], AfterValidator(_every_language)]
PhraseLists = dict[Language, list[str]]


def _compiles(pattern: str) -> str:
    re.compile(pattern)
    return pattern


Pattern = Annotated[str, AfterValidator(_compiles)]


class TextSpec(RuleModel):
    """A variant of a rule: whatever it sets replaces the rule's own."""

    severity: Severity | None = None
    points: int | None = Field(default=None, ge=0, le=100)
    per_item: int | None = Field(default=None, ge=0, le=100)
    max_points: int | None = Field(default=None, ge=0, le=100)
    message: Localised | None = None
    suggestion: Localised | None = None
    evidence: Localised | None = None


class RuleSpec(RuleModel):
    title: Localised
    severity: Severity
    points: int = Field(ge=0, le=100)
    per_item: int = Field(default=0, ge=0, le=100)
    max_points: int | None = Field(default=None, ge=0, le=100)
    message: Localised
    suggestion: Localised
    evidence: Localised | None = None
    variants: dict[str, TextSpec] = {}


class Limits(RuleModel):
    clip_bytes: int = Field(gt=0)
    near_clip_ratio: float = Field(gt=0, le=1)
    image_only_max_text_chars: int = Field(ge=0)
    low_text_min_images: int = Field(ge=1)
    min_chars_per_image: int = Field(ge=0)
    pixel_max_size: int = Field(ge=0, le=9)
    evidence_items: int = Field(ge=1)


class VerdictRules(RuleModel):
    fix_at: int = Field(ge=0, le=100)
    filtered_at: int = Field(ge=0, le=100)
    top: int = Field(ge=1)


class Signals(RuleModel):
    caps_min_letters: int = Field(ge=1)
    caps_share: float = Field(gt=0, le=1)
    caps_text_share: float = Field(gt=0, le=1)
    caps_words_min: int = Field(ge=1)
    caps_word_letters: int = Field(ge=2)
    caps_words_share: float = Field(ge=0, le=1)
    exclamation_run: int = Field(ge=2)
    exclamation_many: int = Field(ge=1)
    subject_max_chars: int = Field(ge=10)
    subject_caps_words: int = Field(ge=1)
    reply_prefixes: list[str]
    money_min_amounts: int = Field(ge=1)
    money_amount: Pattern


class UnsupportedCss(RuleModel):
    clients: list[str]
    kinds: list[str]
    owned: dict[str, str]
    safe: dict[str, str]


class EmailRules(RuleModel):
    """rules/email/rules.yaml."""

    rules: dict[str, RuleSpec]
    verdict: VerdictRules
    words: dict[str, Localised]
    client_labels: dict[str, Localised]
    signals: Signals
    limits: Limits
    embed_tags: list[str]
    form_tags: list[str]
    unsubscribe_href_keywords: list[str]
    unsubscribe_phrases: PhraseLists
    click_here: PhraseLists
    remove_by_reply: PhraseLists
    generic_greetings: PhraseLists
    personalization_tokens: list[Pattern]
    second_level_labels: list[str]
    link_text_tlds: list[str]
    unsupported_css: UnsupportedCss

    @field_validator("words")
    @classmethod
    def has_more(cls, words: dict[str, dict[Language, str]]) -> dict[str, dict[Language, str]]:
        if "more" not in words:
            raise ValueError("needs `more` (the '+N more' suffix of long evidence)")
        return words


class SpamPhrases(RuleModel):
    """rules/email/spam_phrases.yaml: one phrase group per rule."""

    hype: PhraseLists
    money: PhraseLists
    urgency: PhraseLists


class Feature(RuleModel):
    slug: str
    title: str
    category: str
    kind: str
    names: list[str]
    support: dict[str, str]
    unsupported: list[str]


class ClientSupport(RuleModel):
    """rules/email/client_support.json, built from caniemail by scripts/build_email_support.py."""

    source: dict[str, str]
    generated_by: str
    method: str
    clients: dict[str, str]
    features: list[Feature]


def email_rules() -> EmailRules:
    return load("rules/email/rules.yaml", EmailRules)


def spam_phrases() -> SpamPhrases:
    return load("rules/email/spam_phrases.yaml", SpamPhrases)


def client_support() -> ClientSupport:
    return load("rules/email/client_support.json", ClientSupport)


@lru_cache(maxsize=1)
def shorteners() -> tuple[frozenset[str], tuple[str, ...]]:
    """(exact hosts, `.suffix` entries) of rules/email/url_shorteners.txt."""
    text = read_text("rules/email/url_shorteners.txt")
    lines = (line.strip().lower() for line in text.splitlines())
    entries = [line for line in lines if line and not line.startswith("#")]
    suffixes = tuple(entry for entry in entries if entry.startswith("."))
    return frozenset(entries) - frozenset(suffixes), suffixes


# --- phrase lists -------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s\-‐‑־]+")


def _key(text: str) -> str:
    return " ".join(w for w in _SEPARATORS.split(fold(text)) if w)


def phrase_lists(group: str) -> PhraseLists:
    """A phrase group by name: a group of spam_phrases.yaml or a list of rules.yaml."""
    if group in SpamPhrases.model_fields:
        return getattr(spam_phrases(), group)  # type: ignore[no-any-return]
    return getattr(email_rules(), group)  # type: ignore[no-any-return]


@lru_cache(maxsize=64)
def _matcher(group: str, language: str) -> tuple[re.Pattern[str], dict[str, str]]:
    phrases = phrase_lists(group).get(language, [])  # type: ignore[call-overload]
    # The text is case-folded before matching, so the pattern need not ignore case (which
    # makes the scan about 2.5 times slower).
    folded = [p if p.startswith("re:") else p.casefold() for p in phrases]
    return compile_terms(folded, language, ignore_case=False), {_key(p): p for p in phrases}


def _phrase_of(found: str, language: str, by_key: dict[str, str]) -> str:
    """The listed phrase a match stands for (a Hebrew match may carry prefix letters)."""
    key = _key(found)
    for _ in range(4):
        if key in by_key:
            return by_key[key]
        if language != "he" or not key or key[0] not in HEBREW_PREFIX_LETTERS:
            break
        key = key[1:]
    return found


def find_phrases(group: str, languages: Iterable[str], folded: str) -> list[tuple[str, str]]:
    """(phrase, language) for each phrase of a group found in folded text, first-seen order."""
    found: dict[tuple[str, str], None] = {}
    for language in dict.fromkeys(languages):
        if language == "he" and not HEBREW_LETTER_RE.search(folded):
            continue  # Hebrew phrases need Hebrew letters: skip the scan
        pattern, by_key = _matcher(group, language)
        for match in pattern.finditer(folded):
            found[(_phrase_of(match.group(0), language, by_key), language)] = None
    return list(found)


# --- findings -----------------------------------------------------------------------------------


class EmailFinding(BaseModel):
    rule: str
    title: str = ""  # the rule's name in the report's language ("" in reports saved before it)
    severity: Severity
    message: str
    suggestion: str = ""
    evidence: str
    points: int = 0  # what this finding adds to the deliverability risk


@dataclass
class Hit:
    """A rule's finding before it is worded: quoted evidence items and values for templates."""

    rule: str
    variant: str | None = None
    items: list[str] = field(default_factory=list)
    values: dict[str, object] = field(default_factory=dict)  # a callable gets the language


def hit(rule: str, variant: str | None = None, items: Iterable[str] = (), **values: object) -> Hit:
    return Hit(rule, variant, list(dict.fromkeys(items)), values)


def hits_if(rule: str, items: list[str], variant: str | None = None) -> list[Hit]:
    """One hit listing the items, or none when there are none."""
    return [hit(rule, variant, items)] if items else []


def _fill(template: str, values: dict[str, object]) -> str:
    text = " ".join(template.split())
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text


def listing(items: list[str], language: str) -> str:
    """`a; b; c (+4 more)`: capped so the evidence stays one readable line."""
    limit = email_rules().limits.evidence_items
    shown = "; ".join(items[:limit])
    if len(items) > limit:
        more = email_rules().words["more"][language]  # type: ignore[index]
        shown += " " + _fill(more, {"count": len(items) - limit})
    return shown


def points_of(found: Hit) -> int:
    spec = email_rules().rules[found.rule]
    variant = spec.variants.get(found.variant or "", TextSpec())
    base = variant.points if variant.points is not None else spec.points
    per_item = variant.per_item if variant.per_item is not None else spec.per_item
    cap = variant.max_points if variant.max_points is not None else spec.max_points
    return min(max(base, cap or 0), base + per_item * max(0, len(found.items) - 1))


def render(found: Hit, language: str) -> EmailFinding:
    """The finding in one language, with the catalogue's severity, points and wording."""
    spec = email_rules().rules[found.rule]
    variant = spec.variants.get(found.variant or "", TextSpec())
    values = {
        "items": listing(found.items, language),
        **{k: v(language) if callable(v) else v for k, v in found.values.items()},
    }

    def text(own: dict[Language, str] | None, base: dict[Language, str] | None) -> str:
        chosen = own or base or {"en": "{items}", "es": "{items}", "he": "{items}"}
        return _fill(chosen[language], values)  # type: ignore[index]

    return EmailFinding(
        rule=found.rule,
        title=spec.title[language],  # type: ignore[index]
        severity=variant.severity or spec.severity,
        message=text(variant.message, spec.message),
        suggestion=text(variant.suggestion, spec.suggestion),
        evidence=text(variant.evidence, spec.evidence),
        points=points_of(found),
    )


# --- the registry -------------------------------------------------------------------------------

Rule = Callable[[NormalisedEmail], list[Hit]]
RULES: dict[str, Rule] = {}


def rule(rule_id: str) -> Callable[[Rule], Rule]:
    """Register a rule function under its catalogue id (report order is the catalogue's)."""

    def register(function: Rule) -> Rule:
        RULES[rule_id] = function
        return function

    return register
