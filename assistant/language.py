"""Language detection and word tokenising for en/es/he (Hebrew prefixes, Spanish accents)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from assistant.domain import Language

WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
HEBREW_RE = re.compile(r"[\u0590-\u05FF]")
LATIN_RE = re.compile(r"[A-Za-zÀ-ÿ]")

# Single-letter Hebrew proclitics: ו (and), ה (the), ב (in), ל (to), מ (from), ש (that), כ (as).
HEBREW_PREFIX_LETTERS = "והבלמשכ"
HEBREW_MIN_STEM = 2

_SPANISH_MARKERS = frozenset(
    "el la los las de del que y en un una por para con no es se su sus al lo como más pero "
    "ya o este esta son muy sin sobre también me hay qué cómo cuál dónde cuándo nuestro nuestra "
    "nuestros sus porque entre cuando todo todos ser puede desde".split()
)
_ENGLISH_MARKERS = frozenset(
    "the a an and of to in is are for with on that this it be by as at from or not we you your "
    "our what how which when why who do does can should will they their has have was were".split()
)

_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _ENGLISH_MARKERS
    | frozenset("i me my so if then than there these those into about its it's".split()),
    "es": _SPANISH_MARKERS | frozenset("les le ni u e mi mis tu tus".split()),
    "he": frozenset(
        "של את על עם זה זו זאת הוא היא הם הן אני אנחנו אתם כי אם גם לא כל מה איך למה האם "
        "יש אין או אבל רק כמו עוד כך כן אל".split()
    ),
}


def detect_language(text: str, default: Language = "en") -> Language:
    """Pick en/es/he from script and marker words; cheap and deterministic."""
    hebrew = len(HEBREW_RE.findall(text))
    latin = len(LATIN_RE.findall(text))
    if hebrew and hebrew >= latin * 0.5:
        return "he"
    words = [w.lower() for w in WORD_RE.findall(text)]
    if not words:
        return default
    spanish = sum(w in _SPANISH_MARKERS for w in words)
    spanish += 2 * len(re.findall(r"[ñáéíóúü¿¡]", text.lower()))
    english = sum(w in _ENGLISH_MARKERS for w in words)
    if spanish == english == 0:
        return default
    return "es" if spanish > english else "en"


def iter_words(text: str) -> Iterator[tuple[str, int, int]]:
    """Words with their character offsets, for findings that point into the text."""
    for match in WORD_RE.finditer(text):
        yield match.group(0), match.start(), match.end()


def fold_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


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


def index_terms(text: str, language: str) -> list[str]:
    """Lexical terms for BM25: lower-cased, stop words out, stemmed; Hebrew prefix variants."""
    terms: list[str] = []
    for raw in WORD_RE.findall(text):
        word = raw.lower()
        if HEBREW_RE.search(word):
            word = word.replace("'", "").replace("’", "")
            if word in _STOPWORDS["he"]:
                continue
            terms.extend(hebrew_terms(word))
            continue
        folded = fold_accents(word)
        if word in _STOPWORDS["en"] or word in _STOPWORDS["es"] or len(folded) < 2:
            continue
        stem_language = "es" if language == "es" else "en"
        terms.append(_stem(folded, stem_language))
    return terms
