"""One text toolkit for the whole product: sentences, term patterns, Hebrew prefixes, severities.

Chat answers, retrieval, knowledge chunking, the copy review and the page all cut text with
`sentence_spans`, so a bold label, an abbreviation or a Hebrew acronym is handled the same way
everywhere; term lists become regexes through `compile_terms` alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from pydantic import RootModel

from assistant.domain import Language
from assistant.rules import RuleModel, load

Span = tuple[int, int]
SentenceKind = Literal["sentence", "heading", "item"]

# Single-letter Hebrew proclitics: ו (and), ה (the), ב (in), ל (to), מ (from), ש (that), כ (as).
HEBREW_PREFIX_LETTERS = "והבלמשכ"
HEBREW_PREFIX = f"[{HEBREW_PREFIX_LETTERS}]{{0,3}}"
# …but a prefix never turns a word into another word of its own: "למה" is why and "כמה" how
# many, so "למה ממליצים" is no "מה ממליצים" and "כמה זה" no "מה זה"; "משווה" compares, so
# "שמשווה הצעות" is no "שווה" (worth it). A term that starts with such a word still matches it.
_PREFIX_WORDS = {"ל": "מה", "כ": "מה", "מ": "שווה"}
_OTHER_PREFIXES = "".join(c for c in HEBREW_PREFIX_LETTERS if c not in _PREFIX_WORDS)
_GUARDED = "|".join(f"{letter}(?!{word}(?![^\\W_]))" for letter, word in _PREFIX_WORDS.items())
HEBREW_TERM_PREFIX = f"(?:[{HEBREW_PREFIX_LETTERS}]{{0,2}}(?:[{_OTHER_PREFIXES}]|{_GUARDED}))?"

# Most severe first; every list of findings is sorted by this order.
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")


def severity_rank(severity: str) -> int:
    """0 for the most severe; unknown severities sort last."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def printable(name: str) -> str:
    """A file name or other label safe to print on one line: control characters (a newline in
    a file name), bidi overrides and bytes that are not UTF-8 are shown as escapes."""
    out = []
    for char in name:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, as os.fsdecode holds it
            out.append(f"\\x{code - 0xDC00:02x}")
        elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            if char in "\u200c\u200d":  # joiners belong inside words (Persian, emoji)
                out.append(char)
            else:
                out.append(char.encode("unicode_escape").decode("ascii"))
        else:
            out.append(char)
    return "".join(out)


def fold_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# ---------------------------------------------------------------- sentences


@dataclass(frozen=True)
class Sentence:
    """A sentence, heading or list item as offsets into the original text."""

    start: int
    end: int
    kind: SentenceKind

    @property
    def span(self) -> Span:
        return self.start, self.end


# A run of end marks, then closing quotes/brackets; never backtracks into the run ("....").
_BOUNDARY = re.compile(r"(?<![.!?…؟])[.!?…؟]++[\"'”’»)\]]*+")
_TRAILING_WORD = re.compile(r"[^\W\d_][\w.º]*$")
_HAS_WORD = re.compile(r"[^\W_]")
_HEADING = re.compile(r"#{1,6}\s")
_ITEM = re.compile(r"(?:[-*•+]|\d{1,3}[.)])\s+")
_CLOSING_MARKUP = re.compile(r"(?:\*\*|__|\*|_)+")
_LINE_END_MARK = re.compile(r"[.!?…؟:;][\"'”’»)\]*_]*\s*$")
_MARKUP = re.compile(r"\*\*|__|`")


class Abbreviations(RuleModel):
    never_end: list[str]
    may_end: list[str]


class AbbreviationRules(RootModel[dict[Language, Abbreviations]]):
    """rules/abbreviations.yaml, per language."""


@lru_cache(maxsize=8)
def _abbreviations(language: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """(never-ending, may-end) abbreviations of a language; None: those of every language."""
    rules = load("rules/abbreviations.yaml", AbbreviationRules).root
    languages = [language] if language in rules else list(rules)
    never = frozenset(a.lower() for lang in languages for a in rules[lang].never_end)
    may = frozenset(a.lower() for lang in languages for a in rules[lang].may_end)
    return never, may


def _ends_sentence(text: str, match: re.Match[str], language: str | None) -> bool:
    """Whether an end mark really ends the sentence (not an abbreviation, initial, decimal or
    the inside of a bold label such as `**Need.** The client…`)."""
    end = match.end()
    if end < len(text) and not text[end].isspace():
        closing = _CLOSING_MARKUP.match(text, end)
        if closing is None:
            return False  # 3.5, e.g.x, a.m.: no space after the mark
        # "**Label.** text" keeps the label with its text: only a line end closes it.
        after = closing.end()
        return after >= len(text) or text[after] == "\n"
    mark = match.group(0)
    if mark.startswith(("…", "..")):
        # «si usted es del sector X…» o «para las empresas grandes…», divida: a trailing-off
        # quote inside the sentence, which goes on in lower case.
        following = text[end:].lstrip(" \t")
        if following[:1].islower():
            return False
    if not mark.startswith(".") or mark.rstrip("\"'”’»)]") != ".":
        return True
    before = _TRAILING_WORD.search(text, max(0, match.start() - 12), match.start())
    word = before.group(0).lower() if before else ""
    if not word:
        return True
    never, may = _abbreviations(language)
    if word in never or (len(word) == 1 and word.isalpha() and word.isascii()):
        return False
    if word in may:
        following = text[end:].lstrip(" \t")
        return bool(following) and (following[0].isupper() or following[0] == "\n")
    return True


def _line_units(text: str) -> list[tuple[int, int, SentenceKind]]:
    """Paragraph-level units: headings and list items are their own units; the lines of one
    paragraph join (a line break after a line with no end mark is only wrapping)."""
    units: list[list[Any]] = []  # [start, end, kind, open, start of its last line]
    position = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        start = position + len(body) - len(body.lstrip())
        end = position + len(body.rstrip())
        position += len(line)
        stripped = body.strip()
        last = units[-1] if units else None
        if not stripped:
            if last:
                last[3] = False
            continue
        if _HEADING.match(stripped):
            units.append([start, end, "heading", False, start])
        elif _ITEM.match(stripped):
            units.append([start, end, "item", True, start])
        # Only the unit's last line can end with the mark: searching the whole unit again on
        # every line made a long paragraph of short lines quadratic.
        elif last and last[3] and not _LINE_END_MARK.search(text, last[4], last[1]):
            last[1], last[4] = end, start  # the paragraph or item wraps onto this line
        else:
            units.append([start, end, "sentence", True, start])
    return [(unit[0], unit[1], unit[2]) for unit in units]


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end and _HAS_WORD.search(text, start, end):
        return start, end
    return None


def sentence_spans(text: str, language: str | None = None) -> list[Sentence]:
    """Every sentence, heading and list item of a text, as offsets into it.

    Correct on bold labels (`**Prescriptor.** Define…` stays one sentence), abbreviations of
    the language (e.g., Dr., S.A., p. ej.), initials, decimals (3.5), Hebrew gershayim
    (מנכ"ל), list items and Markdown headings; a line break inside a paragraph is wrapping.
    """
    sentences: list[Sentence] = []
    for unit_start, unit_end, kind in _line_units(text):
        if kind == "heading":
            span = _trimmed(text, unit_start, unit_end)
            if span:
                sentences.append(Sentence(*span, "heading"))
            continue
        start = unit_start
        first_kind: SentenceKind = kind
        for match in _BOUNDARY.finditer(text, unit_start, unit_end):
            if (
                kind == "item"
                and start == unit_start
                and _ITEM.fullmatch(text[unit_start : match.end()] + " ")
            ):
                continue  # "1." of a numbered item is its marker, not a sentence
            if not _ends_sentence(text, match, language):
                continue
            span = _trimmed(text, start, match.end())
            if span:
                sentences.append(Sentence(*span, first_kind))
                first_kind = "sentence"
            start = match.end()
        span = _trimmed(text, start, unit_end)
        if span:
            sentences.append(Sentence(*span, first_kind))
    return sentences


def plain(text: str) -> str:
    """Text without Markdown markup (bold, code, heading and list markers), spaces collapsed."""
    text = _MARKUP.sub("", text.strip())
    text = _HEADING.sub("", text, count=1) if _HEADING.match(text) else text
    item = _ITEM.match(text)
    if item:
        text = text[item.end() :]
    return " ".join(text.split())


def split_sentences(text: str, language: str | None = None) -> list[str]:
    """The sentences of a text as plain strings (headings left out)."""
    return [
        plain(text[s.start : s.end]) for s in sentence_spans(text, language) if s.kind != "heading"
    ]


# ---------------------------------------------------------------- terms to regex

_SEP, _STAR, _APOS, _QUOTE, _HEPFX, _END = "\x00sep", "\x00star", "\x00apos", "\x00q", "\x00he", ""
_SPLIT_WORDS = re.compile(r"[\s\-‐‑־]+")
# A decomposed accent after a vowel (a + U+0301). Marks have no case: matched case-sensitively,
# the class costs nothing to compile, where under IGNORECASE `re` folds each of its 112 code
# points (about 0.8 s of every process that compiles the three languages' lexicons).
_COMBINING_ACCENT = "(?-i:[\u0300-\u036f])?"
_ES_CLASSES = {"a": "[aá]", "e": "[eé]", "i": "[ií]", "o": "[oó]", "u": "[uúü]", "n": "[nñ]"}
# A Hebrew final letter becomes the regular form inside a longer word (בתחום -> בתחומו).
_HE_FINALS = {"ם": "[םמ]", "ן": "[ןנ]", "ך": "[ךכ]", "ף": "[ףפ]", "ץ": "[ץצ]"}
_EMIT = {
    _SEP: r"(?:\s*[-‐‑־]\s*|\s+)",
    _STAR: r"[^\W_]*",
    _APOS: "['’׳]",
    _QUOTE: '["״”“]?',
    _HEPFX: HEBREW_PREFIX,
}


def _atoms(term: str, language: str, ignore_case: bool = True) -> list[str]:
    """A term as trie atoms: characters, word separators, wildcards, Hebrew prefix slots."""
    term = term.strip().lower() if ignore_case else term.strip()
    if language == "es":
        term = fold_accents(term)
    atoms: list[str] = []
    for index, word in enumerate(w for w in _SPLIT_WORDS.split(term) if w):
        if index:
            atoms.append(_SEP)
            if language == "he":
                atoms.append(_HEPFX)
        wildcard = word.endswith("*")
        for char in word.rstrip("*"):
            atoms.append(_APOS if char in "'’׳" else _QUOTE if char in '"״”“' else char)
        if wildcard:
            atoms.append(_STAR)
    return atoms


def _emit_atom(atom: str, language: str) -> str:
    if atom in _EMIT:
        return _EMIT[atom]
    if language == "es" and atom in _ES_CLASSES:
        return _ES_CLASSES[atom] + _COMBINING_ACCENT
    if language == "he" and atom in _HE_FINALS:
        return _HE_FINALS[atom]
    return re.escape(atom)


def _trie_regex(node: dict[str, Any], language: str) -> str:
    branches = [
        _emit_atom(atom, language) + _trie_regex(node[atom], language)
        for atom in sorted(node, key=lambda a: (a == _STAR, a))
        if atom != _END
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if _END in node else body


def compile_terms(terms: Iterable[str], language: str, ignore_case: bool = True) -> re.Pattern[str]:
    """One word-boundary-aware regex for a list of terms, built as a trie (one pass for a
    hundred terms). Syntax: `word*` is a prefix wildcard, `re:…` a raw regex; Spanish matches
    with or without accents; Hebrew through up to three attached prefix letters, final letters
    and either gershayim form or none (מנכ"ל, מנכ״ל, מנכל)."""
    trie: dict[str, Any] = {}
    raw: list[str] = []
    for term in terms:
        if term.startswith("re:"):
            raw.append(term[3:])
            continue
        atoms = _atoms(term, language, ignore_case)
        if not atoms:
            continue
        node = trie
        for atom in atoms:
            node = node.setdefault(atom, {})
        node[_END] = {}
    parts = ([_trie_regex(trie, language)] if trie else []) + raw
    body = "|".join(f"(?:{part})" for part in parts) or "(?!)"
    prefix = HEBREW_TERM_PREFIX if language == "he" else ""
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(f"(?<![^\\W_]){prefix}(?:{body})(?![^\\W_])", flags)


HEBREW_LETTER_RE = re.compile(r"[\u05d0-\u05ea]")  # a Hebrew letter (no points or marks)
HEBREW_JOIN_RE = re.compile(rf"(?<![\u05d0-\u05ea])([{HEBREW_PREFIX_LETTERS}])-\{{(\w+)\}}")


def fill(template: str, language: str, **values: Any) -> str:
    """A reply template filled in. In Hebrew a prefix letter before a value ("ב-{company}")
    keeps its hyphen before a Latin name or a number ("ב-Northbridge") and is attached to a
    Hebrew one ("בעיריית נווה כרמל")."""
    if language == "he":
        template = HEBREW_JOIN_RE.sub(
            lambda m: (
                m.group(1)
                + ("" if HEBREW_LETTER_RE.match(str(values.get(m.group(2), ""))) else "-")
                + "{"
                + m.group(2)
                + "}"
            ),
            template,
        )
    return template.format(**values)
