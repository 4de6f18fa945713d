"""Language detection and word tokenising for en/es/he (Hebrew prefixes, Spanish accents)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Literal

from pydantic import RootModel

from assistant.domain import Language
from assistant.rules import RuleModel, load
from assistant.text import HEBREW_PREFIX_LETTERS, fold_accents

WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
HEBREW_RE = re.compile(r"[\u0590-\u05FF]")
LATIN_RE = re.compile(r"[A-Za-zÀ-ÿ]")
# Word pairs never span these: keyword lists are "; "-joined, sentences end in . ! ? etc.
CLAUSE_SPLIT_RE = re.compile(r"[.;:!?¿¡,()\n\u2013\u2014]+")

HEBREW_MIN_STEM = 2


class LanguageRules(RuleModel):
    """rules/language.yaml: detection markers and BM25 stop words."""

    markers: dict[Literal["en", "es"], list[str]]
    stopwords: dict[Language, list[str]]
    unmarked_contractions: list[str] = []
    shorthand: dict[Language, dict[str, str]] = {}


class Glossary(RootModel[dict[Literal["es", "he"], dict[str, str]]]):
    """rules/glossary.yaml: es/he → en domain vocabulary for query translation."""


def language_rules() -> LanguageRules:
    return load("rules/language.yaml", LanguageRules)


@lru_cache(maxsize=1)
def _word_lists() -> dict[str, dict[str, frozenset[str]]]:
    """Marker and stop words as sets, built on first use."""
    rules = language_rules()
    markers = {lang: frozenset(words) for lang, words in rules.markers.items()}
    stopwords = {lang: frozenset(words) for lang, words in rules.stopwords.items()}
    for lang in ("en", "es"):
        stopwords[lang] = stopwords[lang] | markers[lang]
    return {"markers": markers, "stopwords": stopwords}


@lru_cache(maxsize=1)
def _unmarked_contraction_re() -> re.Pattern[str]:
    words = language_rules().unmarked_contractions
    body = "|".join(re.escape(word[:-1]) for word in words) or "(?!)"
    return re.compile(rf"(?<![^\W_])({body})t(?![^\W_])", re.IGNORECASE)


def restore_apostrophes(text: str) -> str:
    """ "hasnt opened" reads as "hasn't opened": chat is typed without apostrophes, and the
    lexicons spell English negations with them."""
    return _unmarked_contraction_re().sub(r"\1't", text)


@lru_cache(maxsize=4)
def _shorthand(language: str) -> tuple[re.Pattern[str], dict[str, str]]:
    words = language_rules().shorthand.get(language, {})  # type: ignore[call-overload]
    body = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)) or "(?!)"
    pattern = re.compile(rf"(?<![^\W_])({body})(?![^\W_])", re.IGNORECASE)
    return pattern, {key.casefold(): value for key, value in words.items()}


def read_as_typed(text: str, language: str) -> str:
    """A chat message as the lexicons spell it: negations without apostrophes ("hasnt") and
    the language's chat shorthand ("q es" for "qué es", "xq" for "por qué") written out
    (rules/language.yaml)."""
    pattern, expansions = _shorthand(language)
    text = pattern.sub(lambda m: expansions[m.group(1).casefold()], text)
    return restore_apostrophes(text)


def detect_language(text: str, default: Language = "en") -> Language:
    """Pick en/es/he from script and marker words; cheap and deterministic."""
    hebrew = len(HEBREW_RE.findall(text))
    latin = len(LATIN_RE.findall(text))
    if hebrew and hebrew >= latin * 0.5:
        return "he"
    words = [w.lower() for w in WORD_RE.findall(text)]
    if not words:
        return default
    markers = _word_lists()["markers"]
    spanish = sum(w in markers["es"] for w in words)
    spanish += 2 * len(re.findall(r"[ñáéíóúü¿¡]", text.lower()))
    english = sum(w in markers["en"] for w in words)
    if spanish == english == 0:
        return default
    return "es" if spanish > english else "en"


def iter_words(text: str) -> Iterator[tuple[str, int, int]]:
    """Words with their character offsets, for findings that point into the text."""
    for match in WORD_RE.finditer(text):
        yield match.group(0), match.start(), match.end()


def hebrew_stems(word: str) -> list[str]:
    """The word and its forms without up to three proclitic letters (ובה־, של־, כש־ ...)."""
    forms = [word]
    rest = word
    for _ in range(3):
        if len(rest) - 1 < HEBREW_MIN_STEM or rest[0] not in HEBREW_PREFIX_LETTERS:
            break
        rest = rest[1:]
        forms.append(rest)
    return forms


HEBREW_SUFFIXES = ("יות", "ים", "ות", "ה", "ת")


def hebrew_terms(word: str) -> list[str]:
    """Prefix variants plus the plural/feminine-stripped form of each (ספקים → ספק)."""
    terms: list[str] = []
    for form in hebrew_stems(word):
        terms.append(form)
        for suffix in HEBREW_SUFFIXES:
            if form.endswith(suffix) and len(form) - len(suffix) >= 2:
                terms.append(form[: -len(suffix)])
                break
    return list(dict.fromkeys(terms))


@lru_cache(maxsize=4)
def _stemmer(language: str):  # noqa: ANN202 - snowball has no type hints
    import snowballstemmer

    return snowballstemmer.stemmer({"en": "english", "es": "spanish"}[language])


@lru_cache(maxsize=200_000)
def _stem(word: str, language: str) -> str:
    return _stemmer(language).stemWord(word)


def word_terms(text: str, language: str) -> list[list[str]]:
    """Each kept word's lexical terms, in text order: stemmed, or Hebrew prefix variants."""
    groups: list[list[str]] = []
    stopwords = _word_lists()["stopwords"]
    for raw in WORD_RE.findall(text):
        word = raw.lower()
        if HEBREW_RE.search(word):
            word = word.replace("'", "").replace("’", "")
            if word in stopwords["he"]:
                continue
            groups.append(hebrew_terms(word))
            continue
        folded = fold_accents(word)
        if word in stopwords["en"] or word in stopwords["es"] or len(folded) < 2:
            continue
        stem_language = "es" if language == "es" else "en"
        groups.append([_stem(folded, stem_language)])
    return groups


def index_terms(text: str, language: str) -> list[str]:
    """Lexical terms for BM25: lower-cased, stop words out, stemmed; Hebrew prefix variants."""
    return [term for group in word_terms(text, language) for term in group]


def phrase_terms(text: str, language: str) -> list[str]:
    """Adjacent word pairs as single terms, so a query phrase outranks scattered words.

    Each word is represented by its most reduced form (the last Hebrew variant), the same on
    the document and the query side.
    """
    pairs: list[str] = []
    for clause in CLAUSE_SPLIT_RE.split(text):
        canon = [group[-1] for group in word_terms(clause, language)]
        pairs.extend(f"{a}\u00b7{b}" for a, b in zip(canon, canon[1:], strict=False))
    return pairs


@lru_cache(maxsize=1)
def _glossary() -> dict[str, dict[str, str]]:
    """es/he → en domain vocabulary (rules/glossary.yaml), keys normalised like query words."""
    raw = load("rules/glossary.yaml", Glossary).root
    return {
        language: {fold_accents(key.lower()): value for key, value in entries.items()}
        for language, entries in raw.items()
    }


def translate_to_english(text: str, language: str) -> str:
    """A word-by-word English rendering of a Spanish or Hebrew query, for the English embedder.

    Longest glossary phrase first; Hebrew words are also tried without their prefixes; Latin
    words in Hebrew text (Gmail, CPL) and numbers pass through; anything else is dropped.
    """
    glossary = _glossary().get(language, {})
    if not glossary:
        return ""
    words = [fold_accents(w.lower()) for w in WORD_RE.findall(text)]
    longest = max((len(key.split()) for key in glossary), default=1)
    output: list[str] = []
    index = 0
    while index < len(words):
        for size in range(min(longest, len(words) - index), 0, -1):
            phrase = " ".join(words[index : index + size])
            candidates = [phrase]
            if language == "he" and size == 1:
                candidates = hebrew_stems(phrase)
            match = next((glossary[c] for c in candidates if c in glossary), None)
            if match:
                output.append(match)
                index += size
                break
        else:
            word = words[index]
            if word.isascii() and (language == "he" or any(ch.isdigit() for ch in word)):
                output.append(word)  # Latin names in Hebrew text (Gmail, CPL), numbers
            index += 1
    return " ".join(output)
