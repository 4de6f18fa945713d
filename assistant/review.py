"""Soft-content review: explained findings with offsets, a 0-100 score, role fit, nothing-new.

Deterministic and offline: rule data lives in assistant/rules/review/, read on first use.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

from assistant.domain import CHANNELS, LANGUAGES, ROLES, Language
from assistant.errors import InputError, StoreError
from assistant.language import detect_language
from assistant.review_explain import explain_score, score_parts
from assistant.review_rules import (
    CompiledLanguage,
    Severity,
    Span,
    Specific,
    compiled_language,
    find_specifics,
    neutral_patterns,
    readability,
    role_need_pattern,
    role_rules,
    scoring_rules,
    word_spans,
)
from assistant.text import sentence_spans

if TYPE_CHECKING:
    from assistant.retrieval import Retriever

# Findings of these families count as puffery/vagueness (used by the WNC evaluation).
VAGUENESS_RULES = frozenset(
    {"puffery", "cliche", "buzzword", "weasel", "hedge", "filler", "vague-quantifier"}
)
_NUMERIC_KINDS = frozenset({"numbers", "percentages", "money", "dates"})
_ANCHOR_KINDS = frozenset({"links", "dates", "money", "percentages"})
_SOCIAL_PROOF = re.compile(r"\s?\+")
_QUOTED = re.compile(r"(?:^|(?<=[\s(]))[\"“'‘«״]\w")
_EXCLAMATION_RUN = re.compile(r"[!¡]{2,}|\?!|!\?")
_SINGLE_EXCLAMATION = re.compile(r"(?<![!¡?])!(?![!?])")
_CAPS_WORD = re.compile(r"(?<![^\W_])[A-ZÁÉÍÓÚÑÜ]{2,}(?![^\W_])")
_ITEM_BREAK = re.compile(r"\n[ \t]*\n[ \t]*\n|^(?=#{1,6} )|^-{3,}[ \t]*$", re.MULTILINE)


class Finding(BaseModel):
    """One explained problem; excerpt is always text[start:end] of the reviewed text."""

    rule: str
    severity: Severity
    start: int
    end: int
    excerpt: str
    message: str
    suggestion: str


class ReviewResult(BaseModel):
    """The review of one piece of copy, as the CLI prints it and the page renders it."""

    score: int = Field(ge=0, le=100, description="0-100, higher = more substantive")
    verdict: Literal["soft", "substantive"]
    language: Language
    findings: list[Finding]
    stats: dict[str, Any]


class KnownPassage(BaseModel):
    """The knowledge passage nearest to a sentence, from the caller's retrieval."""

    chunk_id: str
    source: str
    text: str
    similarity: float


NearestPassages = Callable[[list[str]], list[KnownPassage | None]]


def knowledge_lookup(
    retriever: Retriever, on_skip: Callable[[str], None] | None = None
) -> NearestPassages | None:
    """THE "nothing new" lookup: the team's indexed knowledge as the review compares sentences
    with it. The CLI, the page, chat and the agent all pass it to `review_copy`, so the same
    copy gets the same findings everywhere. None while there is no index (or the store is
    unreachable): the check is skipped and `on_skip` is told why."""
    try:
        retriever.lexical()
    except StoreError as error:
        if on_skip is not None:
            on_skip(str(error))
        return None

    def nearest(sentences: list[str]) -> list[KnownPassage | None]:
        return [
            None
            if match is None
            else KnownPassage(
                chunk_id=match[0].id,
                source=match[0].source,
                text=match[0].text,
                similarity=match[1],
            )
            for match in retriever.nearest_passages(sentences)
        ]

    return nearest


@dataclass
class _Draft:
    """The text under review with its segmentation, shared by every check."""

    text: str
    language: str
    compiled: CompiledLanguage
    sentences: list[Span]
    words: list[Span]
    specifics: list[Specific]
    findings: list[Finding] = field(default_factory=list)
    # Derived per sentence in __post_init__.
    starts: list[int] = field(init=False)
    specifics_by_sentence: list[list[Specific]] = field(init=False)
    kinds_by_sentence: list[set[str]] = field(init=False)
    proof_by_sentence: list[bool] = field(init=False)
    global_proof: bool = field(init=False)

    def __post_init__(self) -> None:
        self.starts = [start for start, _ in self.sentences]
        self.specifics_by_sentence = [[] for _ in self.sentences]
        for specific in self.specifics:
            index = self.sentence_of(specific[1])
            if index is not None:
                self.specifics_by_sentence[index].append(specific)
        self.kinds_by_sentence = [{k for k, _, _ in group} for group in self.specifics_by_sentence]
        proof = self.compiled.proof_local
        self.proof_by_sentence = [bool(proof.search(self.text, s, e)) for s, e in self.sentences]
        self.global_proof = bool(self.compiled.proof_global.search(self.text))

    def sentence_of(self, position: int) -> int | None:
        index = bisect.bisect_right(self.starts, position) - 1
        if index >= 0 and position < self.sentences[index][1]:
            return index
        return None

    def has_proof(self, index: int | None) -> bool:
        """A source in this sentence or the next one, or a sources line anywhere."""
        if self.global_proof:
            return True
        if index is None:
            return False
        return any(self.proof_by_sentence[index : index + 2])

    def add(
        self, rule: str, severity: Severity, span: Span, key: str | None = None, **values: Any
    ) -> None:
        """Append a finding whose message comes from the language's templates."""
        start, end = span
        template = self.compiled.rules.messages[key or rule]
        excerpt = self.text[start:end]
        self.findings.append(
            Finding(
                rule=rule,
                severity=severity,
                start=start,
                end=end,
                excerpt=excerpt,
                message=template.message.format(excerpt=excerpt, **values),
                suggestion=template.suggestion.format(**values),
            )
        )


def review_copy(
    text: str,
    channel: str | None = None,
    role: str | None = None,
    language: str | None = None,
    known_passages: NearestPassages | None = None,
    max_chars: int | None = None,
) -> ReviewResult:
    """Score copy for soft content and explain every finding, in en, es or he.

    Copy longer than `max_chars` (default: the ASSISTANT_MAX_REVIEW_CHARS setting) is refused:
    every check is linear in the text, but the nothing-new check embeds each sentence.
    """
    if not isinstance(text, str):
        raise InputError(f"expected text, got {type(text).__name__}", field="text")
    if not text.strip():
        raise InputError("the text to review is empty", field="text")
    if max_chars is None:
        from assistant.config import load_settings

        max_chars = load_settings().max_review_chars
    if len(text) > max_chars:
        raise InputError(
            f"is {len(text):,} characters; the limit is {max_chars:,} (ASSISTANT_MAX_REVIEW_CHARS)",
            field="text",
        )
    if channel is not None and channel not in CHANNELS:
        raise InputError(
            f"unknown channel {channel!r}; use one of {', '.join(CHANNELS)}", "channel"
        )
    if role is not None and role not in ROLES:
        raise InputError(f"unknown role {role!r}; use one of {', '.join(ROLES)}", "role")
    if language is not None and language not in LANGUAGES:
        raise InputError(f"unknown language {language!r}; use one of en, es, he", "language")
    lang = language or detect_language(text)
    compiled = compiled_language(lang)
    sentences = [s.span for s in sentence_spans(text, compiled.rules.language)]
    draft = _Draft(
        text=text,
        language=lang,
        compiled=compiled,
        sentences=sentences,
        words=word_spans(text),
        specifics=find_specifics(text, sentences, compiled),
    )
    _check_lexicons(draft)
    we_you = _check_we_centred(draft)
    _check_hype(draft)
    _check_long_sentences(draft)
    _check_claims(draft)
    has_cta = _check_cta(draft, channel)
    _check_length(draft, channel)
    fit = _check_role_fit(draft, role) if role else None
    if known_passages is not None:
        _check_nothing_new(draft, known_passages)
    draft.findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return _scored(draft, channel, has_cta, we_you, fit)


def _check_lexicons(draft: _Draft) -> None:
    """Puffery, clichés, buzzwords, weasels, hedges, fillers, vague words, openers, closers."""
    categories = scoring_rules().categories
    candidates: list[tuple[int, int, str]] = []
    for name, pattern in draft.compiled.lexicons.items():
        rule = categories[name]
        for match in pattern.finditer(draft.text):
            start, end = match.span()
            index = draft.sentence_of(start)
            if rule.unless_proof and draft.has_proof(index):
                continue
            kinds = draft.kinds_by_sentence[index] if index is not None else set()
            if rule.unless_number_in_sentence and kinds & _NUMERIC_KINDS:
                continue
            candidates.append((start, end, name))
    candidates.sort(key=lambda c: (c[0], c[0] - c[1]))
    last_end = -1
    for start, end, name in candidates:
        if start >= last_end:
            rule = categories[name]
            draft.add(rule.rule, rule.severity, (start, end), key=name)
            last_end = end


def _check_we_centred(draft: _Draft) -> dict[str, int]:
    """More we/our than you/your: the company's pride instead of the reader's problem."""
    we = list(draft.compiled.we.finditer(draft.text))
    you = len(draft.compiled.you.findall(draft.text))
    rules = scoring_rules().we_centred
    if len(we) >= rules.min_we and len(we) > rules.max_ratio * you:
        draft.add("we-centred", "warning", we[0].span(), we=len(we), you=you)
    return {"we": len(we), "you": you}


def _check_hype(draft: _Draft) -> None:
    """Repeated exclamation marks, ALL-CAPS shouting and emoji runs."""
    text, hype = draft.text, scoring_rules().hype
    for match in _EXCLAMATION_RUN.finditer(text):
        draft.add("hype-punctuation", "warning", match.span())
    singles = [m.start() for m in _SINGLE_EXCLAMATION.finditer(text)]
    if len(singles) >= hype.exclamations:
        position = singles[hype.exclamations - 1]
        word_start = text.rfind(" ", 0, position) + 1
        draft.add("hype-punctuation", "warning", (word_start, position + 1))
    for match in _emoji_run().finditer(text):
        draft.add("hype-punctuation", "warning", match.span())
    acronyms = frozenset(hype.acronyms)
    runs: list[list[re.Match[str]]] = []
    for match in _CAPS_WORD.finditer(text):
        if match.group(0) in acronyms:
            continue
        if runs and not text[runs[-1][-1].end() : match.start()].strip(" ,"):
            runs[-1].append(match)
        else:
            runs.append([match])
    for run in runs:
        if len(run) >= hype.caps_run:
            draft.add("hype-punctuation", "warning", (run[0].start(), run[-1].end()))
            continue
        for match in run:
            if match.group(0).lower() in draft.compiled.hype_caps:
                draft.add("hype-punctuation", "warning", match.span())


@lru_cache(maxsize=1)
def _emoji_run() -> re.Pattern[str]:
    """Emoji in a row (variation selectors, joiners and single spaces allowed between)."""
    emoji, length = neutral_patterns()["emoji"].pattern, scoring_rules().hype.emoji_run
    return re.compile(rf"(?:{emoji}[\ufe0f\u200d]*\s?){{{length - 1},}}{emoji}\ufe0f?")


def _check_long_sentences(draft: _Draft) -> None:
    limit = scoring_rules().long_sentence_words[draft.language]
    for start, end in draft.sentences:
        words = len(word_spans(draft.text, start, end))
        if words > limit:
            draft.add("long-sentence", "info", (start, end), words=words)


def _check_claims(draft: _Draft) -> None:
    """A percentage, multiplier or comparison with a verb of change and no source nearby."""
    compiled, reach = draft.compiled, scoring_rules().claim_reach_chars
    for index, (start, end) in enumerate(draft.sentences):
        anchor = compiled.claim_anchors.search(draft.text, start, end)
        if not anchor or draft.has_proof(index):
            continue
        verbs = [m.span() for m in compiled.claim_verbs.finditer(draft.text, start, end)]
        if not verbs:
            continue
        verb = min(verbs, key=lambda v: abs(v[0] - anchor.start()))
        span = (min(verb[0], anchor.start()), max(verb[1], anchor.end()))
        if span[1] - span[0] <= reach:  # a verb far from the number is not its claim
            draft.add("unsupported-claim", "warning", span)


def _check_cta(draft: _Draft, channel: str | None) -> bool:
    """Flag copy without a concrete next step; the finding points at the closing sentence."""
    has_cta = _has_concrete_cta(draft)
    if not has_cta and draft.sentences:
        scoring = scoring_rules()
        severity = scoring.channels[channel].cta if channel else scoring.default_cta
        closing = [s for s in draft.sentences if len(word_spans(draft.text, *s)) >= 3]
        draft.add("no-cta", severity, (closing or draft.sentences)[-1])
    return has_cta


def _has_concrete_cta(draft: _Draft) -> bool:
    """A link, a strong ask, an action verb with a date or number, or a dated question."""
    text, compiled = draft.text, draft.compiled
    if any(kind == "links" for kind, _, _ in draft.specifics):
        return True
    for index, (start, end) in enumerate(draft.sentences):
        kinds = draft.kinds_by_sentence[index]
        if compiled.cta_strong.search(text, start, end):
            return True
        if "dates" in kinds and text[start:end].rstrip().endswith("?"):
            return True
        anchored = (
            bool(kinds & _ANCHOR_KINDS)
            or bool(_QUOTED.search(text, start, end))
            or any(  # "send us 50 invoices" is an ask; "join 10,000+ customers" is not
                kind == "numbers" and not _SOCIAL_PROOF.match(text, e)
                for kind, _, e in draft.specifics_by_sentence[index]
            )
        )
        if anchored and compiled.cta_verbs.search(text, start, end):
            return True
    return False


def _check_length(draft: _Draft, channel: str | None) -> None:
    """Length beyond the channel's norm; the finding points at the sentence that crosses it."""
    if not channel or not draft.sentences:
        return
    norm = scoring_rules().channels[channel]

    def overflow(position: int, length: int, unit: str, limit: int) -> None:
        index = draft.sentence_of(position)
        span = draft.sentences[index] if index is not None else draft.sentences[-1]
        draft.add(
            "too-long", "warning", span, length=length, unit=unit, limit=limit, channel=channel
        )

    if norm.max_words and len(draft.words) > norm.max_words:
        overflow(draft.words[norm.max_words][0], len(draft.words), "words", norm.max_words)
    if norm.max_chars and len(draft.text) > norm.max_chars:
        overflow(norm.max_chars, len(draft.text), "characters", norm.max_chars)
    if norm.max_words_per_item:
        bounds = [0, *(m.start() for m in _ITEM_BREAK.finditer(draft.text)), len(draft.text)]
        for item_start, item_end in zip(bounds, bounds[1:], strict=False):
            words = word_spans(draft.text, item_start, item_end)
            if len(words) > norm.max_words_per_item:
                limit = norm.max_words_per_item
                overflow(words[limit][0], len(words), "words per item", limit)


def _check_role_fit(draft: _Draft, role: str) -> dict[str, Any]:
    """Which of the role's needs the copy answers; a warning when it answers almost none."""
    rules = role_rules()
    role_rule = rules.roles[role]
    covered: list[str] = []
    missing: list[str] = []
    for need in role_rule.needs:
        short = need.max_words is not None and len(draft.words) <= need.max_words
        cued = bool(need.cues) and bool(
            role_need_pattern(role, need.id, draft.language).search(draft.text)
        )
        (covered if short or cued else missing).append(need.id)
    fit = "strong" if len(covered) >= rules.fit["strong"] else "weak"
    if fit == "weak" and len(covered) >= rules.fit["partial"]:
        fit = "partial"
    lang = draft.language
    if fit == "weak" and draft.sentences:
        needs = ", ".join(n.label.get(lang, n.label["en"]) for n in role_rule.needs)
        role_label = role_rule.label.get(lang, role_rule.label["en"])
        opening = [s for s in draft.sentences if len(word_spans(draft.text, *s)) >= 3]
        span = (opening or draft.sentences)[0]  # the first real sentence, not the greeting
        draft.add("role-fit", "warning", span, role=role_label, needs=needs)
    citation = rules.citation.of(lang)
    return {
        "role": role,
        "covered": covered,
        "missing": missing,
        "fit": fit,
        "citations": [citation],
    }


def _check_nothing_new(draft: _Draft, known_passages: NearestPassages) -> None:
    """Sentences the team's knowledge already says, adding no number or name of their own."""
    rules = scoring_rules().nothing_new
    # Only sentences long enough to be flagged are looked up, each distinct one once.
    long_enough = [
        index
        for index, (start, end) in enumerate(draft.sentences)
        if len(word_spans(draft.text, start, end)) >= rules.min_words
    ]
    texts = list(
        dict.fromkeys(draft.text[s:e] for s, e in (draft.sentences[i] for i in long_enough))
    )
    if not texts:
        return
    nearest = known_passages(texts)
    if len(nearest) != len(texts):
        raise ValueError(
            f"known_passages returned {len(nearest)} results for {len(texts)} sentences"
        )
    by_text = dict(zip(texts, nearest, strict=True))
    for index in long_enough:
        start, end = draft.sentences[index]
        passage = by_text[draft.text[start:end]]
        if passage is None or passage.similarity < rules.similarity:
            continue
        known = passage.text.casefold()
        own = [draft.text[s:e] for _, s, e in draft.specifics_by_sentence[index]]
        if all(token.casefold() in known for token in own):
            draft.add("nothing-new", "warning", (start, end), source=passage.source)


def _scored(
    draft: _Draft,
    channel: str | None,
    has_cta: bool,
    we_you: dict[str, int],
    fit: dict[str, Any] | None,
) -> ReviewResult:
    """Specificity density raises the score, findings lower it; weights from scoring.yaml."""
    scoring = scoring_rules()
    spec, weights = scoring.specifics, scoring.score
    counts = Counter(kind for kind, _, _ in draft.specifics)
    counts["list_items"] = len(neutral_patterns()["list_item"].findall(draft.text))
    counts["sources"] = len(draft.compiled.proof_local.findall(draft.text))
    counts["next_action"] = int(has_cta)
    counts["role_details"] = len(fit["covered"]) if fit else 0
    points = sum(min(counts[k], spec.caps[k]) * w for k, w in spec.weights.items())
    words = len(draft.words)
    density = points / max(words, spec.min_words) * 100
    specificity = (100 - weights.base) * min(1.0, density / spec.target_per_100_words)
    low, high = weights.length_factor_bounds
    factor = min(high, max(low, math.sqrt(weights.reference_words / max(words, 1))))
    penalties: dict[str, float] = {}
    for finding in draft.findings:
        cost = weights.penalties.get(finding.rule, 0.0)
        penalties[finding.rule] = penalties.get(finding.rule, 0.0) + (
            cost if finding.severity != "info" else cost * weights.info_factor
        )
    for rule, cost in penalties.items():
        scaled = cost if rule in weights.whole_text_rules else cost * factor
        penalties[rule] = round(min(weights.caps.get(rule, scaled), scaled), 1)
    parts = score_parts(weights.base, specificity, penalties)
    score = parts.total
    verdict = "substantive" if score >= scoring.threshold else "soft"
    explanation = explain_score(
        draft.compiled.rules.messages, parts, verdict, scoring.threshold, density
    )
    stats: dict[str, Any] = {
        "words": words,
        "sentences": len(draft.sentences),
        "characters": len(draft.text),
        "channel": channel,
        "specifics": {k: counts[k] for k in spec.weights},
        "specificity_points": round(points, 1),
        "specificity_per_100_words": round(density, 2),
        "penalties": penalties,
        "pronouns": we_you,
        "readability": readability(draft.text, draft.language, draft.words, len(draft.sentences)),
        "threshold": scoring.threshold,
        "score_explanation": explanation,
        "score_parts": parts.model_dump(),
    }
    if fit is not None:
        stats["role_fit"] = fit
    return ReviewResult(
        score=score, verdict=verdict, language=draft.language, findings=draft.findings, stats=stats
    )
