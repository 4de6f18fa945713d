"""What the answer may quote from a passage, and how a sentence meets the question's words.

A quotable sentence is a complete one: never a fragment, a list intro, a lone label, a raw id
or a file name. The helpers here measure a sentence against the question (its terms, the roles,
stages and metrics it names, whether it opens by defining an asked term) for the composer in
`assistant.answering`, which decides what to say.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.domain import ROLES, STAGES, TOPICS
from assistant.language import word_terms
from assistant.text import split_sentences
from assistant.understanding import (
    FAMILIES,
    NONE,
    Understanding,
    compiled,
    family_spans,
    lexicon,
    read_languages,
)

MIN_WORDS = 5
LABEL_WORDS = 4  # "Sunset inactive contacts: …" — a label longer than this is a sentence
# Raw ids a passage may still hold in prose ("(supplier-search)"): cut out before quoting.
RAW_ID_RE = re.compile(
    r"\s*\((?:stage id |see topic )?(?:"
    + "|".join(re.escape(i) for i in (*STAGES, *TOPICS, *ROLES))
    + r")\)",
    re.IGNORECASE,
)
UNQUOTABLE_RE = re.compile(
    r"seed article|seeds?/|shared/|\.md\b|\.yaml\b|"
    + "|".join(re.escape(t) for t in TOPICS if "-" in t)
    + r"|\b(?:stages?|etapas?|fases?|שלבי|שלב)\s+(?:"
    + "|".join(re.escape(s) for s in STAGES)
    + r")\b",
    re.IGNORECASE,
)
# A lone id used as a label at the start of a sentence ("need. The organisation…"). A label
# followed by lower case ("Specification: downloads templates…") is a list item's own label
# and stays: without it the rest is a fragment.
LEADING_ID_RE = re.compile(
    r"^(?:" + "|".join(re.escape(i) for i in (*STAGES, *ROLES)) + r")[.:]\s+", re.IGNORECASE
)


def clean_sentence(sentence: str) -> str | None:
    """A sentence fit to quote: raw ids in brackets cut out; None for fragments, list intros,
    lone labels and sentences that name files or internal ids."""
    sentence = RAW_ID_RE.sub("", sentence).strip()
    label = LEADING_ID_RE.match(sentence)
    if label and not sentence[label.end() :][:1].islower():
        sentence = sentence[label.end() :]
    if len(sentence.split()) < MIN_WORDS or sentence.endswith(":"):
        return None
    if sentence[:1].islower():
        return None  # it starts mid-sentence: a fragment, not a sentence
    if sentence.startswith("|"):
        return None  # Markdown table rows: cells without their column headings read as noise
    if UNQUOTABLE_RE.search(sentence):
        return None
    return sentence


@lru_cache(maxsize=4)
def question_terms(language: str) -> frozenset[str]:
    """The lexical terms of the language's question words (what, should, we…)."""
    words = lexicon(language).question_words
    return frozenset(group[0] for word in words for group in word_terms(word, language))


@lru_cache(maxsize=4096)
def sentence_terms(sentence: str, language: str) -> frozenset[str]:
    return frozenset(t for group in word_terms(sentence, language) for t in group)


def slot_patterns(u: Understanding) -> dict[str, list[re.Pattern[str]]]:
    """The lexicon patterns of the values the question names, per slot family: a sentence
    that names the same role, stage or metric is closer to the question."""
    languages = read_languages(u.language)
    found: dict[str, list[re.Pattern[str]]] = {}
    for family in FAMILIES:
        asked = set(u.slots(family))
        if not asked:
            continue
        found[family] = [
            pattern
            for language in languages
            for value, pattern in compiled(language).families[family]
            if value in asked
        ]
    return found


@lru_cache(maxsize=2048)
def passage_sentences(
    chunk_id: str, text: str, language: str, headings: tuple[str, ...] = ()
) -> tuple[str, ...]:
    """The quotable sentences of a passage; its heading and title lines are not sentences."""
    skip = {h.strip().rstrip(".:").casefold() for h in headings if h}
    cleaned = (
        clean_sentence(s)
        for s in split_sentences(text, language)
        if s.strip().rstrip(".:").casefold() not in skip
    )
    return tuple(s for s in cleaned if s)


def join_examples(
    sentences: tuple[str, ...], before: re.Pattern[str], after: re.Pattern[str]
) -> tuple[str, ...]:
    """A "Before:" sentence and the "After:" sentence that follows it as one: the weak example
    is never quoted without its rewrite."""
    joined: list[str] = []
    index = 0
    while index < len(sentences):
        sentence = sentences[index]
        following = sentences[index + 1] if index + 1 < len(sentences) else ""
        if following and labelled(before, sentence) and labelled(after, following):
            joined.append(f"{sentence} {following}")
            index += 2
            continue
        joined.append(sentence)
        index += 1
    return tuple(joined)


def labelled(pattern: re.Pattern[str], sentence: str) -> bool:
    """Whether a sentence opens with the label ("Before:", "**לפני**:")."""
    text = sentence.lstrip("-•* ")
    match = pattern.match(text)
    return match is not None and text[match.end() :].lstrip("*").startswith(":")


def names_role(text: str, language: str) -> bool:
    """Whether a label names a buying-center role ("Buyer", "El comprador", "הקניין")."""
    spans = family_spans(text, "roles", read_languages(language))
    return any(value != NONE for _, _, value in spans)


NAMED_FAMILIES = ("roles", "stages", "purchase_types", "metrics")


def named_patterns(u: Understanding) -> list[re.Pattern[str]]:
    """The lexicon patterns of the roles, stages, purchase types and metrics (not the
    everyday word "lead") the question names. Concepts are left out: their words are broad
    ("too long", "words"), so naming one says little about a sentence."""
    languages = read_languages(u.language)
    return [
        pattern
        for family in NAMED_FAMILIES
        for language in languages
        for value, pattern in compiled(language).families[family]
        if value in u.slots(family) and (family, value) != ("metrics", "lead")
    ]


def names_slot(
    sentence: str, language: str, patterns: list[re.Pattern[str]], asked: frozenset[str]
) -> bool:
    """Whether a sentence names a role, stage, purchase type or metric the question asks in
    words of its own ("Typical triggers of a modified repeat" for "trigger events"):
    a word the question itself holds ("too long" for "how long") is already counted."""
    for pattern in patterns:
        for match in pattern.finditer(sentence):
            if sentence_terms(match.group(), language) - asked:
                return True
    return False


def defines(
    sentence: str, language: str, groups: list[tuple[frozenset[str], float]], key: float
) -> bool:
    """Whether a sentence opens with one of the question's telling words, as a label
    ("SPF: a DNS TXT record…") or as its subject ("DMARC passes only when…")."""
    head, colon, _ = sentence.partition(":")
    if not colon or len(head.split()) > LABEL_WORDS:
        head = sentence.split()[0]
    terms = sentence_terms(head, language)
    return any(w >= key for group, w in groups if group & terms)


def slot_words(u: Understanding) -> frozenset[str]:
    """The lexical terms of the message's words that the slot lexicons matched."""
    languages = read_languages(u.language)
    found: set[str] = set()
    for family in FAMILIES:
        for start, end, _ in family_spans(u.focus, family, languages):
            found |= sentence_terms(u.focus[start:end], u.language)
    return frozenset(found)


ITEM_LABEL_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\*\*(.+?)\*\*")


@lru_cache(maxsize=2048)
def item_labels(chunk_id: str, text: str) -> tuple[tuple[str, str], ...]:
    """Each list item's bold label with the item's text ("**Recompra modificada.** … Señales
    típicas: fin de contrato…"): a sentence inside an item is about its label."""
    found = []
    for line in text.splitlines():
        match = ITEM_LABEL_RE.match(line)
        if match:
            found.append((match.group(1).strip(" .:"), line.replace("**", "")))
    return tuple(found)


def item_label(labels: tuple[tuple[str, str], ...], sentence: str) -> str | None:
    """The label of the list item a sentence belongs to, unless the sentence is the label."""
    for label, line in labels:
        if sentence in line and not sentence.startswith(label):
            return label
    return None
