"""Job title → seniority, function and buying-center roles, in English, Spanish and Hebrew.

The convention is docs/title-labels.md; the words live in rules/titles/{en,es,he}.yaml (plus
job nouns derived from O*NET and ESCO in rules/titles/nouns_{en,es}.yaml) and the role logic in
rules/titles/roles.yaml. A title is read through all three languages at once, so mixed titles
("Gerente de IT", "מנהל IT") work. Every answer names the words that decided it; a title whose
words say nothing gets `unknown` / `other` / no role, never a guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, get_args

from pydantic import BaseModel, Field

from assistant.domain import LANGUAGES, ROLES, Language, Role
from assistant.rules import RuleModel, load
from assistant.text import HEBREW_LETTER_RE, HEBREW_PREFIX_LETTERS, compile_terms, fold_accents

Seniority = Literal["c-suite", "vp", "director", "manager", "senior", "entry", "unknown"]
Function = Literal[
    "purchasing",
    "finance",
    "operations",
    "engineering",
    "it",
    "quality",
    "production",
    "logistics",
    "sales",
    "marketing",
    "hr",
    "legal",
    "executive",
    "admin",
    "consulting",
    "other",
]
# How a job noun works: office work, professional (writes requirements), hands-on, a generic
# worker, a gatekeeper (assistant, secretary), an advisor, a lawyer.
Kind = Literal["office", "professional", "hands-on", "worker", "gatekeeper", "advisor", "lawyer"]

SENIORITIES: tuple[str, ...] = get_args(Seniority)
FUNCTIONS: tuple[str, ...] = get_args(Function)
RANK = {level: rank for rank, level in enumerate(reversed(SENIORITIES))}  # unknown 0 … c-suite 6
LAYERS = ("levels", "functions", "nouns")


class Cue(RuleModel):
    """Words that tell something: a level, a function, a kind of job, extra roles."""

    terms: list[str]
    level: Seniority | None = None
    function: Function | None = None
    kind: Kind | None = None
    roles: list[Role] = []
    blocks: list[Role] = Field(default=[], description="roles these words rule out")
    needs_function: list[Function] = Field(
        default=[], description="counts only when one of these functions is named (partner)"
    )
    dominant: bool = Field(False, description="this noun's function beats qualifier words")
    yields_to: list[Function] = Field(default=[], description="…except these functions")
    keeps_kind: list[Function] = Field(
        default=[], description="functions it yields to but still gives its kind (a law consultant)"
    )
    modifier: bool = Field(False, description="right before a level word it only modifies it")
    anywhere: bool = Field(
        False, description="its roles and blocks hold wherever it stands (IT security)"
    )


class Context(RuleModel):
    """A stretch of the title that changes how its words read."""

    terms: list[str]
    effect: Literal["gatekeeper", "not-a-title"]
    reach: Literal["match", "start", "end"] = Field(
        "match", description="the stretch: the words matched, or up to the title's start/end"
    )


class TitleRules(RuleModel):
    """rules/titles/<lang>.yaml: the words of one language."""

    language: Language
    head: Literal["first", "last"] = Field(description="where the head noun sits")
    coordinators: str = Field(description="regex: what may stand between coordinated functions")
    salutations: list[str]
    non_titles: list[str]
    plain_words: list[str] = Field(
        default=[], description="ordinary words that are never read as a typo of a rule word"
    )
    contexts: list[Context]
    levels: list[Cue]
    functions: list[Cue]
    nouns: list[Cue]


class NounList(RuleModel):
    """rules/titles/nouns_<lang>.yaml: job nouns derived from O*NET / ESCO (generated)."""

    language: Language
    source: str
    nouns: list[Cue]


class RoleLogic(RuleModel):
    """rules/titles/roles.yaml: which seniority, function and kind give which role."""

    buyer_functions: list[Function]
    priority_functions: list[Function]
    prescriber_functions: list[Function]
    prescriber_levels: list[Seniority]
    prescriber_entry_kinds: list[Kind]
    decider_levels: list[Seniority]
    user_functions: list[Function]
    user_levels: list[Seniority]
    user_kinds: list[Kind]
    user_kinds_without_function: list[Kind] = []
    filter_functions: list[Function]
    filter_kinds: list[Kind]
    advisor_kinds: list[Kind]
    advisor_functions: dict[Function, list[Seniority]]
    typo_min_length: int
    confidence: dict[str, float]


class TitleResult(BaseModel):
    """What a title says about its holder, with the words that said it."""

    title: str
    seniority: Seniority
    function: Function
    roles: list[Role]
    evidence: str
    confidence: float


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    text: str
    cue: Cue
    language: str


class _Layer:
    """One layer's words in one language: one regex, and a lookup from matched words to cue."""

    def __init__(self, cues: list[Cue], language: str) -> None:
        self.language = language
        self.pattern = compile_terms([t for cue in cues for t in cue.terms], language)
        self.cues = cues
        self.exact: dict[str, Cue] = {}
        self._each: list[tuple[re.Pattern[str], Cue]] | None = None
        for cue in cues:
            for term in cue.terms:
                if not term.startswith("re:") and "*" not in term:
                    self.exact.setdefault(_key(term), cue)

    @property
    def each(self) -> list[tuple[re.Pattern[str], Cue]]:
        """Each cue's own regex, compiled on the first lookup the dictionary cannot answer."""
        if self._each is None:
            self._each = [(compile_terms(cue.terms, self.language), cue) for cue in self.cues]
        return self._each

    def find(self, text: str) -> list[_Match]:
        found = []
        for match in self.pattern.finditer(text):
            cue = self.cue_of(text, match.start(), match.end())
            if cue is not None:
                found.append(_Match(match.start(), match.end(), match.group(0), cue, self.language))
        return found

    def cue_of(self, text: str, start: int, end: int) -> Cue | None:
        """The cue whose terms match exactly these words (looked up, else tried in place)."""
        key = _key(text[start:end])
        cue = self.exact.get(key)
        if cue is None and self.language == "he":
            for cut in range(1, 4):
                if len(key) > cut + 1 and key[cut - 1] in HEBREW_PREFIX_LETTERS:
                    cue = self.exact.get(key[cut:])
                    if cue is not None:
                        break
                else:
                    break
        if cue is None:
            for pattern, candidate in self.each:
                match = pattern.match(text, start)
                if match is not None and match.end() == end:
                    return candidate
        return cue


_QUOTES = str.maketrans({"״": '"', "”": '"', "“": '"', "׳": "'", "’": "'", "`": "'"})
_SPACES = re.compile(r"[\s\-‐‑־]+")
_GENDER_SLASH = re.compile(r"(?<=[^\W\d_])\s?/\s?(?:as|a|ta|ora|era|ת|ה|ית|ים|ות|es)(?![^\W_])")
_GENDER_PAREN = re.compile(r"(?<=[^\W\d_])\((?:a|as|ת|ה)\)")
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
# two titles in one cell: "Buyer / Materials Planner", "Owner | Managing Director"
_JOINED = re.compile(r"\s+/\s+|\s*\|\s*")
_LATIN = re.compile(r"[A-Za-zÀ-ÿ]")


def _key(words: str) -> str:
    """Lookup key of matched words: case, accents, quote forms and separators folded."""
    words = words.lower() if words.isascii() else fold_accents(words.translate(_QUOTES).lower())
    return _SPACES.sub(" ", words).strip(" .")


def normalise_title(title: str) -> str:
    """NFKC, one space, gender endings dropped (Director/a, מנהל/ת, jefe(a)), quotes unified."""
    text = unicodedata.normalize("NFKC", title).translate(_QUOTES)
    text = _GENDER_SLASH.sub("", text)
    text = _GENDER_PAREN.sub("", text)
    return " ".join(text.split())


class TitleClassifier:
    """All three languages' words compiled once; `classify` is pure and cached per title."""

    def __init__(self) -> None:
        self.logic = load("rules/titles/roles.yaml", RoleLogic)
        self.rules = {lang: load(f"rules/titles/{lang}.yaml", TitleRules) for lang in LANGUAGES}
        self.layers: dict[str, dict[str, _Layer]] = {}
        self.contexts: dict[str, list[tuple[re.Pattern[str], Context]]] = {}
        self.salutations: dict[str, re.Pattern[str]] = {}
        self.non_titles: dict[str, re.Pattern[str]] = {}
        self.coordinators: dict[str, re.Pattern[str]] = {}
        self.vocabulary: dict[str, str] = {}
        self.plain: set[str] = set()
        for lang, rules in self.rules.items():
            nouns = [_with_plurals(cue, lang) for cue in rules.nouns]
            cues = {"levels": rules.levels, "functions": rules.functions, "nouns": nouns}
            self.layers[lang] = {layer: _Layer(cues[layer], lang) for layer in LAYERS}
            self.contexts[lang] = [(compile_terms(c.terms, lang), c) for c in rules.contexts]
            self.salutations[lang] = compile_terms(rules.salutations, lang)
            self.non_titles[lang] = compile_terms(rules.non_titles, lang)
            self.coordinators[lang] = re.compile(rules.coordinators, re.IGNORECASE)
            self.plain.update(fold_accents(word.lower()) for word in rules.plain_words)
            for layer in cues.values():
                for cue in layer:
                    for term in cue.terms:
                        if term.startswith("re:"):
                            continue
                        for word in _TOKEN.findall(term.rstrip("*")):
                            folded = fold_accents(word.lower())
                            if len(folded) >= self.logic.typo_min_length:
                                self.vocabulary.setdefault(folded, word.lower())
        # generated job nouns are single words: a dictionary, not a regex
        self.generated: dict[str, dict[str, Cue]] = {}
        for lang in GENERATED_NOUNS:
            words = self.generated[lang] = {}
            for cue in load(f"rules/titles/nouns_{lang}.yaml", NounList).nouns:
                for term in cue.terms:
                    words.setdefault(_key(term), cue)
            for cue in load(f"rules/titles/nouns_{lang}.yaml", NounList).nouns:
                for term in cue.terms:  # plurals after every listed word, which wins
                    words.setdefault(_key(plural(term, lang)), cue)
        self._deletions: dict[str, set[str]] = {}
        for word in self.vocabulary:
            for variant in _deletions(word):
                self._deletions.setdefault(variant, set()).add(word)

    # ------------------------------------------------------------ classification

    def classify(self, title: str) -> TitleResult:
        return _classify_cached(self, title)

    def _classify(self, title: str) -> TitleResult:
        text = normalise_title(title)
        joined = self._joined(title, text)
        if joined is not None:
            return joined
        return self._classify_one(title, text)

    def _joined(self, title: str, text: str) -> TitleResult | None:
        """Two working titles joined by " / " or "|" ("Buyer / Materials Planner"): the higher
        level, the first named function, the roles of both. A part that names neither a
        function nor a level above entry ("EMEA", "México") leaves the title to be read whole."""
        parts = [part for part in _JOINED.split(text) if part.strip()]
        if len(parts) < 2:
            return None
        results = [self._classify_one(part, part) for part in parts]
        working = [
            r for r in results if r.function != "other" or r.seniority not in ("unknown", "entry")
        ]
        if len(working) < 2:
            return None
        seniority = max((r.seniority for r in working), key=lambda level: RANK[level])
        function = next((r.function for r in working if r.function != "other"), "other")
        roles = {role for r in working for role in r.roles}
        return TitleResult(
            title=title,
            seniority=seniority,
            function=function,
            roles=sorted(roles, key=ROLE_ORDER.index),  # type: ignore[arg-type]
            evidence=" + ".join(f"({r.evidence})" for r in working),
            confidence=min(r.confidence for r in working),
        )

    def _classify_one(self, title: str, text: str) -> TitleResult:
        languages = self._languages(text)
        if not languages or self._is_non_title(text, languages):
            return self._unknown(title, "no job words" if text else "empty")
        corrections: list[str] = []
        matches, contexts = self._match(text, languages)
        fixed = self._correct_typos(text, matches, corrections)
        if fixed != text:
            text = fixed
            matches, contexts = self._match(text, languages)
        if any(effect == "not-a-title" for _, _, effect in contexts):
            return self._unknown(title, "not a job title")
        return self._decide(title, text, languages, matches, contexts, corrections)

    def _languages(self, text: str) -> list[str]:
        languages = []
        if _LATIN.search(text):
            languages += ["en", "es"]
        if HEBREW_LETTER_RE.search(text):
            languages.append("he")
        return languages

    def _is_non_title(self, text: str, languages: list[str]) -> bool:
        """The whole cell is a salutation, a placeholder or a word that names no job."""
        bare = text.strip(" .-_/|,;:()[]{}*?!#'\"")
        if not bare or not any(ch.isalpha() for ch in bare):
            return True
        return any(
            self.salutations[lang].fullmatch(bare) or self.non_titles[lang].fullmatch(bare)
            for lang in languages
        )

    def _match(
        self, text: str, languages: list[str]
    ) -> tuple[dict[str, list[_Match]], list[tuple[int, int, str]]]:
        matches: dict[str, list[_Match]] = {layer: [] for layer in LAYERS}
        contexts: list[tuple[int, int, str]] = []
        for lang in languages:
            for layer in LAYERS:
                matches[layer] += self.layers[lang][layer].find(text)
        covered = [(m.start, m.end) for m in matches["nouns"]]
        for token in _TOKEN.finditer(text):
            if any(s <= token.start() < e for s, e in covered):
                continue
            key = _key(token.group(0))
            for lang in languages:
                cue = self.generated.get(lang, {}).get(key)
                if cue is not None:
                    matches["nouns"].append(
                        _Match(token.start(), token.end(), token.group(0), cue, lang)
                    )
        for lang in languages:
            for pattern, context in self.contexts[lang]:
                for m in pattern.finditer(text):
                    start = 0 if context.reach == "start" else m.start()
                    end = len(text) if context.reach == "end" else m.end()
                    contexts.append((start, end, context.effect))
        for layer in LAYERS:  # the same words matched in two languages count once
            unique: dict[tuple[int, int], _Match] = {}
            ordered = sorted(matches[layer], key=lambda m: (m.start, -m.end, -_richness(m.cue)))
            for match in ordered:
                if not any(m.start <= match.start and match.end <= m.end for m in unique.values()):
                    unique[(match.start, match.end)] = match
            matches[layer] = sorted(unique.values(), key=lambda m: m.start)
        return matches, contexts

    def _correct_typos(
        self, text: str, matches: dict[str, list[_Match]], corrections: list[str]
    ) -> str:
        """Words of 6+ letters one edit away from exactly one rule word are read as that word.
        The first letter must agree: typos rarely hit it, and other trades do (Sawyer, Lawyer)."""
        covered = [(m.start, m.end) for layer in matches.values() for m in layer]
        pieces: list[str] = []
        last = 0
        for token in _TOKEN.finditer(text):
            word = token.group(0)
            folded = fold_accents(word.lower())
            key = _key(word)
            if (
                len(folded) < self.logic.typo_min_length
                or folded in self.vocabulary
                or folded in self.plain
                or any(key in words for words in self.generated.values())
                or any(s <= token.start() < e for s, e in covered)
            ):
                continue
            candidates = {
                known
                for variant in (folded, *_deletions(folded))
                for known in self._deletions.get(variant, ())
                if known[0] == folded[0] and _one_edit(folded, known)
            } or {known for known in _undoubled(folded) if known in self.vocabulary}
            if len(candidates) != 1:
                continue
            known = candidates.pop()
            pieces += [text[last : token.start()], known]
            last = token.end()
            corrections.append(f"{word}→{self.vocabulary[known]}")
        return "".join(pieces) + text[last:] if pieces else text

    def _decide(
        self,
        title: str,
        text: str,
        languages: list[str],
        matches: dict[str, list[_Match]],
        contexts: list[tuple[int, int, str]],
        corrections: list[str],
    ) -> TitleResult:
        gatekeeper = [(s, e) for s, e, effect in contexts if effect == "gatekeeper"]

        def inside(match: _Match) -> bool:
            return any(s <= match.start and match.end <= e for s, e in gatekeeper)

        # a job noun that names its own function stands for the words inside it ("operador de
        # prensa" is no press office); one that names none leaves the function word in place
        noun_spans = [(m.start, m.end) for m in matches["nouns"] if m.cue.function]
        functions = [
            m
            for m in matches["functions"]
            if not inside(m) and not any(s <= m.start and m.end <= e for s, e in noun_spans)
        ]
        named = {m.cue.function for m in (*functions, *matches["nouns"]) if m.cue.function}
        levels = [
            m
            for m in matches["levels"]
            if not (inside(m) and RANK[m.cue.level or "entry"] >= RANK["manager"])
            and (not m.cue.needs_function or named & set(m.cue.needs_function))
        ]
        level_starts = {m.start for m in levels}
        nouns = [
            m
            for m in matches["nouns"]
            if not (m.cue.modifier and _next_start(text, m.end) in level_starts)
        ]
        evidence: list[str] = []
        # seniority: the highest level word; a job noun alone is entry; nothing is unknown
        seniority: str = "unknown"
        best = max(levels, key=lambda m: RANK[m.cue.level or "entry"], default=None)
        if best is not None and best.cue.level:
            seniority = best.cue.level
            evidence.append(f"“{best.text}” → {seniority}")
        elif nouns or gatekeeper:
            seniority = "entry"
        # the head noun: last in English, first in Spanish and Hebrew
        head_language = "he" if "he" in languages else self._head_language(matches)
        ordered = nouns if self.rules[head_language].head == "first" else nouns[::-1]
        head = ordered[0] if ordered else None
        function, primary, coordinated = self._function(text, languages, functions, ordered)
        if gatekeeper:
            function, primary, coordinated = "admin", None, []
            evidence.append(f"“{text[gatekeeper[0][0] : gatekeeper[0][1]]}” → admin")
        elif function == "other":
            implied = [m for m in levels if m.cue.function]
            implied.sort(key=lambda m: m.cue.function == "executive")
            if implied:
                primary = implied[0]
                function = primary.cue.function or "other"
        if primary is not None:
            evidence.append(f"“{primary.text}” → {function}")
        kind = next(
            (
                m.cue.kind
                for m in ordered
                if m.cue.kind
                and not (
                    m.cue.dominant
                    and m.cue.function != function
                    and function not in m.cue.keeps_kind
                )
            ),
            None,
        )
        if gatekeeper:
            kind = "gatekeeper"
        if kind is None:
            kind = next(
                (m.cue.kind for m in (*levels, *functions) if m.cue.kind and not inside(m)), None
            )
        if head is not None and head is not primary:
            evidence.append(f"“{head.text}”")
        roles = self._roles(
            seniority, function, kind, [primary, *coordinated], levels, nouns, functions
        )
        if seniority == "unknown" and function == "other":
            return self._unknown(title, "no job words")
        confidence = self._confidence(seniority, function, primary, head, corrections)
        if corrections:
            evidence.append("read " + ", ".join(corrections))
        return TitleResult(
            title=title,
            seniority=seniority,  # type: ignore[arg-type]
            function=function,  # type: ignore[arg-type]
            roles=roles,  # type: ignore[arg-type]
            evidence="; ".join(evidence),
            confidence=confidence,
        )

    def _head_language(self, matches: dict[str, list[_Match]]) -> str:
        """Spanish when Spanish words carry the title, else English."""
        count = {"en": 0, "es": 0}
        for layer in matches.values():
            for match in layer:
                if match.language in count:
                    count[match.language] += 1
        return "es" if count["es"] > count["en"] else "en"

    def _function(
        self, text: str, languages: list[str], functions: list[_Match], nouns: list[_Match]
    ) -> tuple[str, _Match | None, list[_Match]]:
        """(function, the words that named it, functions coordinated with it).

        A qualifier word beats the job noun (Quality Engineer → quality); a dominant noun
        beats qualifiers (an ERP consultant consults); the first-named function wins, and
        functions joined by and/y/& count for roles too. Executive words yield to any other.
        """
        dominant = next((m for m in nouns if m.cue.dominant and m.cue.function), None)
        named = [m for m in functions if m.cue.function]
        if dominant is not None and not any(
            m.cue.function in dominant.cue.yields_to for m in named
        ):
            return dominant.cue.function or "other", dominant, []
        priority = [m for m in (*named, *nouns) if m.cue.function in self.logic.priority_functions]
        specific = [m for m in named if m.cue.function != "executive"]
        if priority and not (specific and specific[0].cue.function == priority[0].cue.function):
            return priority[0].cue.function or "other", priority[0], []
        if specific:
            primary = specific[0]
            coordinated = []
            previous = primary
            for match in specific[1:]:
                between = text[previous.end : match.start]
                joined = any(self.coordinators[lang].fullmatch(between) for lang in languages)
                starts_with_and = match.language == "he" and match.text.startswith("ו")
                if not (joined or (starts_with_and and not between.strip())):
                    break
                coordinated.append(match)
                previous = match
            return primary.cue.function or "other", primary, coordinated
        noun = next((m for m in nouns if m.cue.function), None)
        if noun is not None:
            return noun.cue.function or "other", noun, []
        if named:  # only unit words (regional, branch): the executive function
            return named[0].cue.function or "other", named[0], []
        return "other", None, []

    def _roles(
        self,
        seniority: str,
        function: str,
        kind: str | None,
        named: list[_Match | None],
        levels: list[_Match],
        nouns: list[_Match],
        function_words: list[_Match],
    ) -> list[str]:
        logic = self.logic
        functions = [function] + [m.cue.function for m in named[1:] if m and m.cue.function]
        roles: set[str] = set()
        for each in functions:
            if each in logic.buyer_functions:
                roles.add("buyer")
            if each in logic.prescriber_functions and (
                seniority in logic.prescriber_levels
                or (seniority == "entry" and kind in logic.prescriber_entry_kinds)
            ):
                roles.add("prescriber")
            if (
                each in logic.user_functions
                and seniority in logic.user_levels
                and kind in logic.user_kinds
            ):
                roles.add("user")
        if (
            function == "other"
            and seniority in logic.user_levels
            and kind in logic.user_kinds_without_function
        ):
            roles.add("user")
        if seniority in logic.decider_levels:
            roles.add("decider")
        if function in logic.filter_functions and kind in logic.filter_kinds:
            roles.add("filter")
        if kind in logic.advisor_kinds or seniority in logic.advisor_functions.get(
            function,
            [],  # type: ignore[call-overload]
        ):
            roles.add("advisor")
        cues = [m.cue for m in (*named, *levels, *nouns) if m is not None]
        # some words give their roles wherever they stand: an IT-security consultant screens
        # suppliers although "consultant" names the function
        cues += [m.cue for m in function_words if m.cue.anywhere]
        for cue in cues:
            roles.update(cue.roles)
        for cue in cues:
            roles.difference_update(cue.blocks)
        return sorted(roles, key=ROLE_ORDER.index)

    def _confidence(
        self,
        seniority: str,
        function: str,
        primary: _Match | None,
        head: _Match | None,
        corrections: list[str],
    ) -> float:
        weights = self.logic.confidence
        score = weights["base"]
        if seniority == "unknown":
            score -= weights["no_level"]
        if function == "other":
            score -= weights["no_function"]
        elif primary is not None and primary is head:
            score -= weights["function_from_noun"]
        score -= weights["per_typo"] * len(corrections)
        return round(max(0.05, min(1.0, score)), 2)

    def _unknown(self, title: str, why: str) -> TitleResult:
        return TitleResult(
            title=title,
            seniority="unknown",
            function="other",
            roles=[],
            evidence=why,
            confidence=self.logic.confidence["unknown"],
        )


GENERATED_NOUNS = ("en", "es")
ROLE_ORDER = ROLES


def _richness(cue: Cue) -> int:
    """How much a cue says: of two readings of the same words, the richer one is kept."""
    return sum(bool(x) for x in (cue.level, cue.function, cue.kind, cue.roles, cue.blocks))


def plural(term: str, language: str) -> str:
    """The plural of a job noun: its head word (last in English, first in Spanish) regularly
    inflected ("buyers", "analysts", "technicians", "secretaries"; "técnicos", "jefes de
    turno", "auxiliares"). Rules list the singular; exports hold both."""
    words = term.split(" ")
    index = -1 if language == "en" else 0
    word = words[index]
    if len(word) < 3 or not word.isalpha():
        return term
    if language == "en":
        if word.endswith(("s", "x", "z", "ch", "sh")):
            word += "es"
        elif word.endswith("y") and word[-2] not in "aeiou":
            word = word[:-1] + "ies"
        else:
            word += "s"
    else:
        folded = fold_accents(word.lower())
        if folded.endswith("s"):
            return term
        if folded[-1] in "aeiou":
            word += "s"
        elif folded.endswith("z"):
            word = word[:-1] + "ces"
        else:
            word = fold_accents(word) if folded[-2:] in ("on", "an", "en", "in", "un") else word
            word += "es"
    words[index] = word
    return " ".join(words)


def _with_plurals(cue: Cue, language: str) -> Cue:
    """A noun cue that also matches its terms' plurals (English and Spanish)."""
    if language not in GENERATED_NOUNS:
        return cue
    extra = [
        plural(term, language)
        for term in cue.terms
        if not term.startswith("re:") and "*" not in term
    ]
    terms = list(dict.fromkeys([*cue.terms, *extra]))
    return cue.model_copy(update={"terms": terms})


def _next_start(text: str, end: int) -> int:
    """Where the next word starts after `end` (skipping spaces only)."""
    while end < len(text) and text[end] == " ":
        end += 1
    return end


def _undoubled(word: str) -> set[str]:
    """The word with one doubled letter made single: the commonest extra-letter slip
    (Proccurement, Assisstant)."""
    return {word[:i] + word[i + 1 :] for i in range(1, len(word)) if word[i] == word[i - 1]}


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _one_edit(a: str, b: str) -> bool:
    """Levenshtein distance 1, or one swap of neighbours."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


@lru_cache(maxsize=200_000)
def _classify_cached(classifier: TitleClassifier, title: str) -> TitleResult:
    return classifier._classify(title)


@lru_cache(maxsize=1)
def title_classifier() -> TitleClassifier:
    """The classifier, built once per process on first use."""
    return TitleClassifier()


def classify_title(title: str) -> TitleResult:
    """Seniority, function and roles of one job title, with evidence and a confidence."""
    return title_classifier().classify(title or "")


def classify_titles(titles: Iterable[str]) -> dict[str, TitleResult]:
    """Each distinct title classified once (the hot path of a large export)."""
    classifier = title_classifier()
    return {title: classifier.classify(title) for title in dict.fromkeys(titles)}
