"""The copy review's rule data (rules/review/*.yaml), compiled once per language; text measures.

Terms become one regex per language and category, built as a trie so a hundred terms cost
one pass; spans always point into the original text (accents and Hebrew prefixes are matched
by the pattern, never by rewriting the text).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal

from pydantic import Field

from assistant.domain import Language
from assistant.language import WORD_RE
from assistant.rules import RuleModel, load
from assistant.text import Span, compile_terms

Severity = Literal["error", "warning", "info"]
# A specific detail found in the text: (kind, start, end).
Specific = tuple[str, int, int]

# ---------------------------------------------------------------- schema of the data files


_Strict = RuleModel


class MessageTemplate(_Strict):
    message: str = ""
    suggestion: str = ""
    explanation: str = ""
    label: str = ""


class CtaWords(_Strict):
    verbs: list[str]
    strong: list[str]


class ProofWords(_Strict):
    local: list[str]
    global_: list[str] = Field(alias="global")


class ClaimWords(_Strict):
    verbs: list[str]
    anchors: list[str]


class SpecificWords(_Strict):
    months: list[str]
    weekdays: list[str]
    money_words: list[str]
    name_stopwords: list[str]
    hype_caps: list[str]


class LanguageRules(_Strict):
    """One language's lexicons and patterns (en.yaml, es.yaml, he.yaml)."""

    language: Language
    lexicons: dict[str, list[str]]
    pronouns: dict[Literal["we", "you"], list[str]]
    cta: CtaWords
    proof: ProofWords
    claims: ClaimWords
    specifics: SpecificWords
    messages: dict[str, MessageTemplate]


class CategoryRule(_Strict):
    rule: str
    severity: Severity
    unless_proof: bool = False
    unless_number_in_sentence: bool = False
    # A phrase of this category quoted in a chat question ("why not write 'industry-leading'?")
    # makes the question one about soft content (assistant/understanding.py).
    quoted_is_soft: bool = False


class SpecificityWeights(_Strict):
    weights: dict[str, float]
    caps: dict[str, int]
    min_words: int
    target_per_100_words: float


class ScoreWeights(_Strict):
    base: int  # a whole number, so the explained parts add up exactly
    penalties: dict[str, float]
    caps: dict[str, float]
    info_factor: float
    reference_words: int
    length_factor_bounds: tuple[float, float]
    whole_text_rules: list[str]


class ChannelNorm(_Strict):
    max_words: int | None = None
    max_words_per_item: int | None = None
    max_chars: int | None = None
    cta: Severity


class WeCentred(_Strict):
    min_we: int
    max_ratio: float


class HypeRules(_Strict):
    exclamations: int
    emoji_run: int
    caps_run: int
    acronyms: list[str]


class NothingNew(_Strict):
    similarity: float
    min_words: int


class ScoringRules(_Strict):
    """Weights, thresholds, channel norms and neutral patterns (scoring.yaml)."""

    threshold: int
    categories: dict[str, CategoryRule]
    specifics: SpecificityWeights
    score: ScoreWeights
    channels: dict[str, ChannelNorm]
    default_cta: Severity
    long_sentence_words: dict[str, int]
    claim_reach_chars: int
    we_centred: WeCentred
    hype: HypeRules
    nothing_new: NothingNew
    patterns: dict[str, str]


class RoleNeed(_Strict):
    id: str
    label: dict[str, str]
    cues: dict[str, list[str]] = {}
    max_words: int | None = None


class RoleRules(_Strict):
    label: dict[str, str]
    needs: list[RoleNeed]


class RoleFitCitation(_Strict):
    """The guidance section role fit rests on: its file, and its label per language."""

    topic: str
    source: str
    label: dict[Language, str]

    def of(self, language: str) -> dict[str, str]:
        return {
            "topic": self.topic,
            "source": self.source.format(language=language),
            "language": language,
            "label": self.label.get(language, self.label["en"]),  # type: ignore[call-overload]
        }


class RolesFile(_Strict):
    """What each buying-center role reads for (roles.yaml)."""

    fit: dict[Literal["strong", "partial"], int]
    citation: RoleFitCitation
    roles: dict[str, RoleRules]


def scoring_rules() -> ScoringRules:
    """Scoring data, read on first use so importing the module stays free."""
    return load("rules/review/scoring.yaml", ScoringRules)


def role_rules() -> RolesFile:
    return load("rules/review/roles.yaml", RolesFile)


# ---------------------------------------------------------------- compiled language


@dataclass(frozen=True)
class CompiledLanguage:
    """Everything the review needs for one language, compiled once."""

    rules: LanguageRules
    lexicons: dict[str, re.Pattern[str]]
    we: re.Pattern[str]
    you: re.Pattern[str]
    cta_verbs: re.Pattern[str]
    cta_strong: re.Pattern[str]
    proof_local: re.Pattern[str]
    proof_global: re.Pattern[str]
    claim_verbs: re.Pattern[str]
    claim_anchors: re.Pattern[str]
    dates: re.Pattern[str]
    money_words: re.Pattern[str]
    name_stopwords: frozenset[str]
    hype_caps: frozenset[str]


@lru_cache(maxsize=3)
def compiled_language(language: str) -> CompiledLanguage:
    """Load and compile one language's rules on first use."""
    rules = load(f"rules/review/{language}.yaml", LanguageRules)
    unknown = set(rules.lexicons) - set(scoring_rules().categories)
    if unknown:
        raise ValueError(f"{language}.yaml: lexicons not in scoring.yaml: {sorted(unknown)}")
    lang = rules.language
    words = rules.specifics
    # English month names double as words ("may", "march"): only capitalised ones are dates.
    date_terms = [w.title() if lang == "en" else w for w in words.months + words.weekdays]
    money = "|".join(re.escape(w) for w in words.money_words) or "(?!)"
    return CompiledLanguage(
        rules=rules,
        lexicons={name: compile_terms(terms, lang) for name, terms in rules.lexicons.items()},
        we=compile_terms(rules.pronouns["we"], lang),
        you=compile_terms(rules.pronouns["you"], lang),
        cta_verbs=compile_terms(rules.cta.verbs, lang),
        cta_strong=compile_terms(rules.cta.strong, lang),
        proof_local=compile_terms(rules.proof.local, lang),
        proof_global=re.compile(
            "|".join(f"(?:{p.removeprefix('re:')})" for p in rules.proof.global_) or "(?!)",
            re.MULTILINE | re.IGNORECASE,
        ),
        claim_verbs=compile_terms(rules.claims.verbs, lang),
        claim_anchors=compile_terms(rules.claims.anchors, lang),
        dates=compile_terms(date_terms, lang, ignore_case=lang != "en"),
        money_words=re.compile(rf"(?<![\d.,])\d[\d.,]*\s?(?:{money})(?![^\W_])", re.IGNORECASE),
        name_stopwords=frozenset(w.lower() for w in words.name_stopwords),
        hype_caps=frozenset(w.lower() for w in words.hype_caps),
    )


@lru_cache(maxsize=1)
def neutral_patterns() -> dict[str, re.Pattern[str]]:
    """Language-neutral patterns from scoring.yaml (links, money, numbers, standards ...)."""
    return {name: re.compile(pattern) for name, pattern in scoring_rules().patterns.items()}


@lru_cache(maxsize=64)
def role_need_pattern(role: str, need_id: str, language: str) -> re.Pattern[str]:
    need = next(n for n in role_rules().roles[role].needs if n.id == need_id)
    return compile_terms(need.cues.get(language, []), language)


# ---------------------------------------------------------------- text segmentation


def word_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    end = len(text) if end is None else end
    return [m.span() for m in WORD_RE.finditer(text, start, end)]


# ---------------------------------------------------------------- specifics

# Neutral patterns in the order they claim text: a span counts once, for the first kind.
_NEUTRAL_ORDER = (
    ("links", "url"),
    ("links", "email"),
    ("links", "phone"),
    ("money", "money"),
    ("percentages", "percent"),
    ("dates", "numeric_date"),
    ("dates", "time"),
    ("dates", "quarter"),
    ("dates", "year"),
    ("standards", "standard"),
    ("codes", "code"),
)
_LATIN_TOKEN = re.compile(r"(?<![^\W_])[A-Za-z][A-Za-z0-9]+(?![^\W_])")


def find_specifics(text: str, sentences: list[Span], compiled: CompiledLanguage) -> list[Specific]:
    """Every specific (link, money, date, standard, code, number, name) as (kind, start, end)."""
    patterns = neutral_patterns()
    taken = bytearray(len(text))
    found: list[Specific] = []

    def claim(kind: str, matches: Iterable[re.Match[str]]) -> None:
        for match in matches:
            start, end = match.span()
            if end > start and not any(taken[start:end]):
                taken[start:end] = b"\x01" * (end - start)
                found.append((kind, start, end))

    for kind, name in _NEUTRAL_ORDER:
        claim(kind, patterns[name].finditer(text))
        if name == "money":
            claim("money", compiled.money_words.finditer(text))
        elif name == "year":
            claim("dates", compiled.dates.finditer(text))
    claim("numbers", patterns["number"].finditer(text))
    if compiled.rules.language == "he":
        claim("names", _LATIN_TOKEN.finditer(text))
    else:
        for start, end in sentences:
            claim("names", _capitalised_names(text, start, end, compiled))
    found.sort(key=lambda item: item[1])
    return found


def _capitalised_names(
    text: str, start: int, end: int, compiled: CompiledLanguage
) -> list[re.Match[str]]:
    """Capitalised words after a sentence's first word (Title Case headlines excluded)."""
    tokens = list(WORD_RE.finditer(text, start, end))
    capitalised = [t for t in tokens[1:] if t.group(0)[0].isupper()]
    if len(tokens) >= 5 and len(capitalised) >= 0.75 * (len(tokens) - 1):
        return []
    return [
        t
        for t in capitalised
        if t.group(0).lower() not in compiled.name_stopwords
        and t.group(0).lower() not in compiled.hype_caps
        and text[max(0, t.start() - 2) : t.start()] != ": "
    ]


# ---------------------------------------------------------------- readability


def readability(text: str, language: str, words: list[Span], sentences: int) -> dict[str, float]:
    """Reading ease in en/es (textstat), character and word measures in he."""
    tokens = [text[s:e] for s, e in words]
    per_sentence = round(len(tokens) / max(sentences, 1), 1)
    if not tokens:
        return {"avg_sentence_words": 0.0}
    if language == "he":
        letters = [len(w) for w in tokens]
        return {
            "avg_word_length": round(sum(letters) / len(letters), 2),
            "avg_sentence_words": per_sentence,
            "long_word_share": round(sum(n >= 7 for n in letters) / len(letters), 3),
        }
    if language == "es":
        spanish = textstat_for("es")
        return {
            "fernandez_huerta": round(float(spanish.fernandez_huerta(text)), 2),
            "szigriszt_pazos": round(float(spanish.szigriszt_pazos(text)), 2),
            "avg_sentence_words": per_sentence,
        }
    return {
        "flesch_reading_ease": round(float(textstat_for("en").flesch_reading_ease(text)), 2),
        "avg_sentence_words": per_sentence,
    }


# textstat's locale per language. English is "en-US" with a hyphen: textstat reads it as a
# language of its own, so its English formula constants apply (its default for unknown
# languages) and Pyphen's en_US dictionary counts syllables (Pyphen accepts either separator),
# but textstat does not look words up in NLTK's cmudict, which it downloads on first use
# ("en" and "en_US" do): the review must stay offline. tests/test_review.py fails if a textstat
# upgrade ever reaches for the download again.
TEXTSTAT_LOCALES = {"en": "en-US", "es": "es"}


@cache
def textstat_for(language: str) -> Any:
    """One textstat object per language: `textstat.set_lang` would be a process-wide switch
    that two reviews in two languages on two page threads could flip under each other."""
    from textstat.textstat import textstatistics

    measures = textstatistics()
    measures.set_lang(TEXTSTAT_LOCALES[language])
    return measures


def quotes_soft_copy(quoted: Iterable[str], language: str) -> bool:
    """Whether a phrase quoted in a question is the kind of copy the review flags as soft
    (puffery, superlatives, clichés, buzzwords, vague quantities)."""
    compiled = compiled_language(language)
    categories = scoring_rules().categories
    patterns = [
        pattern for name, pattern in compiled.lexicons.items() if categories[name].quoted_is_soft
    ]
    return any(pattern.search(text) for text in quoted for pattern in patterns)
