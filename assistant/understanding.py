"""What a question asks, read from data: roles, stages, purchase types, metrics, channels,
concepts and the kind of answer wanted, in en/es/he (rules/understanding/<language>.yaml).

The lexicons are term lists compiled by `assistant.text.compile_terms`, so Spanish matches with
or without accents and Hebrew through attached prefixes and either gershayim form. English
terms are matched in every language because users mix them in ("CPL", "shortlist", "CFO").
A follow-up ("and at the decision stage?", "¿y el decisor?", "ומה לגבי…") keeps the previous
turn's slots and replaces only what it names.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, Field, RootModel, model_validator

from assistant.domain import ROLES, STAGES, Language, PurchaseKind, Role, Stage, Topic
from assistant.language import (
    HEBREW_RE,
    detect_language,
    index_terms,
    read_as_typed,
    word_terms,
)
from assistant.personas import Persona
from assistant.review_rules import quotes_soft_copy
from assistant.rules import RuleModel, load
from assistant.text import HEBREW_PREFIX_LETTERS, compile_terms, fold_accents, split_sentences
from assistant.titles import classify_title

Kind = Literal[
    "who", "what-to-send", "how-many", "define", "why", "how-to", "compare", "yes-no", "other"
]
KINDS: tuple[str, ...] = (
    "who",
    "what-to-send",
    "how-many",
    "define",
    "why",
    "how-to",
    "compare",
    "yes-no",
)
PurchaseSlot = PurchaseKind
NONE = "none"  # a lexicon entry that matches look-alikes ("spam filter") and throws them away
# Slot values that are also everyday words ("leads" in "we want leads cheaper").
EVERYDAY = frozenset({("metrics", "lead")})
OPENING_MARKS = "¿¡\"'«“(-–— "  # what may come before a message's first word
FOLLOW_UP_WORDS = 6  # a message this short, after a question, leans on that question
ACRONYM_RE = re.compile(r"(?<![^\W_])[A-Z]{2}(?![^\W_])")  # "IT" in "IT Manager"
TITLE_PART_RE = re.compile(r"[,;()/&]")  # "Vice President, Procurement": two parts of a title
TITLE_SHARE = 0.6  # share of a persona member's title words that names that member
RELATIVE_KINDS = frozenset({"who"})  # cue words that also open relative clauses
# A word or short phrase in quotes, the quote opening after a space (never a Hebrew gershayim
# inside a word, "מנכ\"ל") and closing before a space or punctuation.
QUOTED_RE = re.compile(
    r"(?:(?<=\s)|(?<=^)|(?<=[¿(]))['\"«“‘„]([^'\"«»“”‘’\n]{2,60})['\"»”’“](?=[\s?.,!:;)]|$)"
)


class Lexicon(RuleModel):
    """rules/understanding/<language>.yaml: the words that name each slot value."""

    roles: dict[Role | Literal["none"], list[str]]
    stages: dict[Stage | Literal["none"], list[str]]
    purchase_types: dict[PurchaseSlot | Literal["none"], list[str]]
    metrics: dict[str, list[str]]
    channels: dict[str, list[str]]
    concepts: dict[str, list[str]]
    kinds: dict[Kind, list[str]]
    weak: list[Kind] = Field(description="kinds whose cue gives way to a later cue")
    follow_up: list[str]
    question_words: list[str] = Field(
        description="words that shape a question but say nothing about its subject"
    )
    vocabulary: dict[str, list[str]] = Field(
        default_factory=dict,
        description="the guidance's own word -> the words users type for it (loanwords, slang)",
    )
    outside: dict[str, list[str]] = Field(
        default_factory=dict,
        description="neighbouring marketing subjects the knowledge may not cover (SEO, ads…)",
    )
    recipient: list[str] = Field(
        default_factory=list,
        description="words of a who-question that asks who should receive something "
        "(send, forward, read): the role is read from what is sent",
    )
    concern: list[str] = Field(
        default_factory=list,
        description="words asking what worries someone or what they will object to "
        "('what objections will he raise'): an account member's objections answer first",
    )
    reading: list[str] = Field(
        default_factory=list,
        description="words of a compare question that asks what each side reads or wants "
        "('buyer vs decider: what does each care about?'): what they read answers first",
    )
    missing: list[str] = Field(
        default_factory=list,
        description="words asking which roles an account's contacts do not cover yet "
        "('who are we missing?'): the answer names the roles left of the six",
    )
    negations: list[str] = Field(
        default_factory=list,
        description="words that, right before a role's words, say someone does not do it "
        "('doesn't sign', 'no firma', 'לא חותם'): no role is named",
    )
    role_names: dict[Role, list[str]] = Field(
        default_factory=dict,
        description="the guidance's own names for the roles, not job titles: two of them "
        "joined by an `either` word offer a choice",
    )
    either: list[str] = Field(
        default_factory=list,
        description="words between two role names that offer a choice ('decider or advisor?'):"
        " the person the message names holds one of them, and that one is the answer",
    )
    role_acts: dict[Role, list[str]] = Field(
        default_factory=dict,
        description="phrases naming a role by what it does ('who signs off'), not by a job "
        "title: read like the role's other words, but no account member is meant by them",
    )

    @model_validator(mode="after")
    def _acts_name_roles(self) -> Lexicon:
        for role, acts in self.role_acts.items():
            self.roles[role] = [*self.roles.get(role, []), *acts]
        return self

    def title_terms(self, role: str) -> list[str]:
        """A role's plain words less its acts: what names a person by job title."""
        acts = set(self.role_acts.get(role, []))  # type: ignore[call-overload]
        return [t for t in self.roles[role] if not t.startswith("re:") and t not in acts]  # type: ignore[index]


class Concepts(RootModel[dict[str, Topic]]):
    """rules/understanding/concepts.yaml: each concept id with its guidance topic."""


def concepts() -> dict[str, str]:
    return load("rules/understanding/concepts.yaml", Concepts).root  # type: ignore[return-value]


def lexicon(language: str) -> Lexicon:
    found = load(f"rules/understanding/{language}.yaml", Lexicon)
    unknown = set(found.concepts) - set(concepts()) - {NONE}
    if unknown:
        from assistant.rules import RuleError

        name = f"rules/understanding/{language}.yaml"
        raise RuleError(name, "concepts", f"not declared in concepts.yaml: {sorted(unknown)}")
    return found


# Kinds that can ask what worries someone; "what do we send the nervous MD?" asks for content.
CONCERN_KINDS = frozenset({"why", "who", "other"})
FAMILIES = ("roles", "stages", "purchase_types", "metrics", "channels", "concepts")


def read_languages(language: str) -> tuple[str, ...]:
    """The lexicons a message is read with: its own language, then English, because
    marketers mix English jargon into Spanish and Hebrew ("el CPL", "ה-gatekeeper")."""
    return (language, "en") if language != "en" else ("en",)


# The loose reading, used for a slot family only when no term of it matches as written: each
# word is compared by its stem, so inflections the lexicon does not list still count
# ("compradoras", "negotiations", "מנהלי הרכש", "קניינית"). Hebrew loses its attached prefixes,
# plural, feminine and construct endings, and final letters count as regular ones.
FINAL_LETTERS = str.maketrans("ךםןףץ", "כמנפצ")
HEBREW_ENDINGS = ("יות", "ים", "ות", "ית", "ה", "ת", "י")
LOOSE_FAMILIES = FAMILIES
LOOSE_MIN_CHARS = 4  # a one-word term shorter than this is never read loosely ("ad", "CPL")
# A word with its gershayim or geresh inside ("סמנכ\"לית", "ג'ימייל") is one word here.
LOOSE_WORD_RE = re.compile(r"[^\W_]+(?:[\"'\u05f3\u05f4\u2019][^\W_]+)*")
QUOTES_RE = re.compile(r"[\"'\u05f3\u05f4\u2019]")
CLITIC_RE = re.compile(r"(?<=\w{3})([aei]r)(?:lo|la|le|los|las|les|se|selo|sela|me|nos)$")


def hebrew_key(word: str) -> str:
    word = QUOTES_RE.sub("", word)
    for ending in HEBREW_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)]
            break
    return word.translate(FINAL_LETTERS)


def latin_key(word: str, language: str) -> str:
    """A word without its number (and, in Spanish, gender) ending: "compradoras", "compradores"
    and "comprador" share one key, so do "buyers" and "buyer". Lighter than a stemmer, which
    would make "operations" an "operator"."""
    word = fold_accents(word.casefold()).replace("’", "'").removesuffix("'s")
    if language == "es":
        word = CLITIC_RE.sub(r"\1", word)  # "calentarlo", "enviarles": the verb itself
        if word.endswith("es") and len(word) > 4:
            word = word[:-2]
        elif word.endswith("s") and len(word) > 3:
            word = word[:-1]
        if word.endswith(("a", "o", "e")) and len(word) > 3:
            word = word[:-1]
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@lru_cache(maxsize=16384)
def word_keys(word: str, language: str) -> frozenset[str]:
    """The keys one written word may stand for (Hebrew: with and without its prefixes)."""
    word = word.casefold()
    if HEBREW_RE.search(word):
        forms = [word]
        while len(forms) < 4 and forms[-1][:1] in HEBREW_PREFIX_LETTERS and len(forms[-1]) > 3:
            forms.append(forms[-1][1:])
        return frozenset(hebrew_key(form) for form in forms) | frozenset(
            QUOTES_RE.sub("", form).translate(FINAL_LETTERS) for form in forms
        )
    return frozenset({latin_key(word, language)})


def term_key(word: str, language: str) -> str:
    word = word.casefold()
    return hebrew_key(word) if HEBREW_RE.search(word) else latin_key(word, language)


def loose_terms(terms: list[str], language: str) -> list[tuple[str, ...]]:
    """The stem sequence of each plain term (no regex, no wildcard, no quotes)."""
    found: list[tuple[str, ...]] = []
    for term in terms:
        if term.startswith("re:") or "*" in term:
            continue
        words = LOOSE_WORD_RE.findall(term)
        keys = tuple(term_key(word, language) for word in words)
        # The bar is on the stem, not the written word: "חשבת" (a controller) reduced to
        # "חשב" would also be read in "מחשבים" (calculating).
        if not keys or (len(keys) == 1 and len(keys[0]) < LOOSE_MIN_CHARS):
            continue
        found.append(keys)
    return found


@dataclass(frozen=True)
class CompiledLexicon:
    """One regex per slot value and per kind, built once per language, and each value's
    stem sequences for the loose reading."""

    families: dict[str, list[tuple[str, re.Pattern[str]]]]
    kinds: list[tuple[str, re.Pattern[str]]]
    weak: frozenset[str]
    follow_up: re.Pattern[str]
    loose: dict[str, list[tuple[str, list[tuple[str, ...]]]]]
    # Each role's plain terms (job words, no `re:` phrases): what names a person by title.
    titles: dict[str, re.Pattern[str]]
    # Each role's acts ("who signs off"): what names the role by what someone does.
    acts: dict[str, re.Pattern[str]]


@lru_cache(maxsize=4)
def compiled(language: str) -> CompiledLexicon:
    source = lexicon(language)
    families = {
        family: [
            (value, compile_terms(terms, language))
            for value, terms in getattr(source, family).items()
        ]
        for family in FAMILIES
    }
    kinds = [(kind, compile_terms(terms, language)) for kind, terms in source.kinds.items()]
    loose = {
        family: [
            (value, loose_terms(terms, language))
            for value, terms in getattr(source, family).items()
        ]
        for family in LOOSE_FAMILIES
    }
    titles = {role: compile_terms(source.title_terms(role), language) for role in source.roles}
    acts = {role: compile_terms(terms, language) for role, terms in source.role_acts.items()}
    return CompiledLexicon(
        families,
        kinds,
        frozenset(source.weak),
        compile_terms(source.follow_up, language),
        loose,
        titles,
        acts,
    )


Phrase = tuple[str, ...]


@lru_cache(maxsize=4)
def vocabulary_terms(language: str) -> dict[Phrase, tuple[str, frozenset[str]]]:
    """Each user word or phrase, as the lexical terms of its words -> (the guidance word it
    stands for, that word's terms): "דמו" stands for "הדגמה", "decision-maker" for
    "decider", "mails" for "correos"."""
    found: dict[Phrase, tuple[str, frozenset[str]]] = {}
    for canonical, variants in lexicon(language).vocabulary.items():
        terms = frozenset(t for group in word_terms(canonical, language) for t in group)
        for variant in variants:
            phrase = tuple(group[0] for group in word_terms(variant, language))
            if phrase:
                found[phrase] = (canonical, terms)
    return found


def vocabulary_matches(
    groups: list[list[str]], language: str
) -> list[tuple[int, int, str, frozenset[str]]]:
    """Where the vocabulary's words and phrases occur in a text's word groups, as (first
    group, end group, guidance word, its terms); a Hebrew word also counts without its
    attached prefixes ("הגייטקיפר")."""
    vocabulary = vocabulary_terms(language)
    longest = max((len(phrase) for phrase in vocabulary), default=0)
    found: list[tuple[int, int, str, frozenset[str]]] = []
    for first in range(len(groups)):
        for size in range(min(longest, len(groups) - first), 0, -1):
            heads = [groups[first + i] for i in range(size)]
            phrase = next(
                (
                    candidate
                    for candidate in (
                        (term, *(group[0] for group in heads[1:])) for term in heads[0]
                    )
                    if candidate in vocabulary
                ),
                None,
            )
            if phrase is not None:
                canonical, terms = vocabulary[phrase]
                found.append((first, first + size, canonical, terms))
                break
    return found


def guidance_words(text: str, language: str) -> list[str]:
    """The guidance's words for the user words of a text that the vocabulary knows, so
    "מה עושים עם באונסים?" is also read as asking about "החזרות"."""
    found = vocabulary_matches(word_terms(text, language), language)
    return list(dict.fromkeys(canonical for _, _, canonical, _ in found))


def expand_groups(groups: list[list[str]], language: str) -> list[list[str]]:
    """Word groups with the guidance word's terms added to each user word the vocabulary
    knows: a sentence that says "הדגמה" covers the question's "דמו"."""
    expanded = [list(group) for group in groups]
    for first, end, _, terms in vocabulary_matches(groups, language):
        for position in range(first, end):
            group = expanded[position]
            group += sorted(terms - set(group))
    return expanded


class Understanding(BaseModel):
    """The slots of one question (merged with the previous turn's for a follow-up)."""

    language: Language
    kind: Kind = "other"
    roles: list[Role] = Field(default_factory=list)
    stages: list[Stage] = Field(default_factory=list)
    purchase_types: list[PurchaseSlot] = Field(default_factory=list)
    metrics: list[str] = Field(default_factory=list)
    channels: list[str] = Field(default_factory=list)
    concepts: list[str] = Field(default_factory=list)
    persona_id: str | None = Field(None, description="the account named in the message")
    follow_up: bool = False
    recipient: bool = Field(
        False, description="a who-question about who should receive something ('who gets this?')"
    )
    concern: bool = Field(False, description="it asks what worries someone or what they object to")
    gaps: bool = Field(False, description="it names the roles it has and asks which are missing")
    also: Kind | None = Field(
        None, description="a second question after the first ('…and what do I send them?')"
    )
    reading: bool = Field(
        False,
        description="a compare question about what each side reads ('what does each want?')",
    )
    query: str = Field("", description="the text retrieval searches (with the earlier question)")
    focus: str = Field("", description="this message alone: its words weigh most")

    @property
    def topics(self) -> list[str]:
        """Guidance topics the slots point at, most specific first."""
        found = [concepts()[c] for c in self.concepts if c in concepts()]
        if self.metrics:
            found.append("b2b-communication")
        if self.purchase_types:
            found.append("purchase-type")
        if self.roles:
            found.append("buying-center")
        if self.stages:
            found.append("buying-process")
        return list(dict.fromkeys(found))

    def slots(self, family: str) -> list[str]:
        return list(getattr(self, family))

    @model_validator(mode="after")
    def _ordered(self) -> Understanding:
        """Stages in buying order, so "the buyer at need and decision" reads in order."""
        self.stages.sort(key=STAGES.index)
        return self


def find(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [match.span() for match in pattern.finditer(text)]


def family_spans(
    text: str,
    family: str,
    languages: tuple[str, ...],
    named: tuple[tuple[int, int], ...] = (),
) -> list[tuple[int, int, str]]:
    """Matches of one slot family as (start, end, value); overlaps keep the longest
    ("economic buyer" over "buyer"), and `none` look-alikes still hold their place. A loose
    reading never claims words inside `named` (a role's own words: "decisiones" in "tomador
    de decisiones" is no decision stage)."""
    spans: list[tuple[int, int, str]] = []
    for language in languages:
        for value, pattern in compiled(language).families[family]:
            spans += [(start, end, value) for start, end in find(pattern, text)]
    if not spans and family in LOOSE_FAMILIES:
        spans = [
            span
            for span in loose_spans(text, family, languages)
            if not any(s <= span[0] and span[1] <= e for s, e in named)
        ]
    kept: list[tuple[int, int, str]] = []
    # Longest first; on a tie a `none` look-alike wins ("מרכז רכש" is no "רכז רכש" + מ).
    for start, end, value in sorted(spans, key=lambda s: (s[0] - s[1], s[0], s[2] != NONE)):
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, value))
    return sorted(kept)


def loose_spans(text: str, family: str, languages: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """Matches of a family's terms stem by stem, for a family no term matched as written."""
    words = [(m.group(), m.start(), m.end()) for m in LOOSE_WORD_RE.finditer(text)]
    spans: list[tuple[int, int, str]] = []
    for language in languages:
        keys = [word_keys(word, language) for word, _, _ in words]
        by_first = loose_index(language, family)
        found: list[tuple[int, int, int, int, str]] = []
        for first, held in enumerate(keys):
            for key in held:
                for order, sequence, value in by_first.get(key, ()):
                    size = len(sequence)
                    if first + size <= len(words) and all(
                        sequence[i] in keys[first + i] for i in range(1, size)
                    ):
                        found.append((*order, first, size, value))
        # In the lexicon's order, as a term-by-term scan would find them: ties keep it.
        found.sort()
        spans += [(words[f][1], words[f + n - 1][2], value) for _, _, f, n, value in found]
    return spans


@lru_cache(maxsize=64)
def loose_index(
    language: str, family: str
) -> dict[str, list[tuple[tuple[int, int], tuple[str, ...], str]]]:
    """A family's stem sequences by their first stem: a message's words look up the few
    sequences they can start instead of every sequence being tried at every word."""
    index: dict[str, list[tuple[tuple[int, int], tuple[str, ...], str]]] = {}
    for number, (value, sequences) in enumerate(compiled(language).loose[family]):
        for position, sequence in enumerate(sequences):
            if sequence:
                index.setdefault(sequence[0], []).append(((number, position), sequence, value))
    return index


def read_slots(text: str, languages: tuple[str, ...]) -> dict[str, list[str]]:
    """Every slot family's values in order of appearance."""
    # "she doesn't pick the supplier and doesn't sign", "no escribe el pliego": what someone
    # does not do names no role.
    roles = [
        (start, end, NONE if negated(text, start, languages) else value)
        for start, end, value in family_spans(text, "roles", languages)
    ]
    named = tuple((start, end) for start, end, value in roles if value != NONE)
    found = {
        family: roles if family == "roles" else family_spans(text, family, languages, named)
        for family in FAMILIES
    }
    # "writing the spec" names the stage and, as an activity, the prescriber: when the message
    # also names a role outright ("the CFO, while they're still writing the spec"), the
    # activity only says when.
    stages = found["stages"]
    roles = found["roles"]
    overlapping = [r for r in roles if any(s <= r[0] and r[1] <= e for s, e, _ in stages)]
    if overlapping and any(r not in overlapping and r[2] != NONE for r in roles):
        found["roles"] = [r for r in roles if r not in overlapping]
    # A stage word followed by a job noun ("spec writer", "RFP manager") names a person, not
    # when; an activity ("a shortlist of vendors") still names the stage.
    inside = [
        (start, end, value)
        for start, end, value in stages
        if any(
            r[0] == start and end < r[1] and len(text[end : r[1]].split()) == 1
            for r in found["roles"]
            if r[2] != NONE
        )
    ]
    found["stages"] = [s for s in stages if s not in inside]
    # "at the negotiation stage", "en la etapa de negociación", "בשלב המשא ומתן": the word
    # "stage" beside a named stage is part of its name, not a question about the process; it
    # still says the stage is meant, not a document ("spec sheets").
    found["concepts"] = [
        (start, end, STAGE_NAMED)
        if value == "buying-process" and any(beside(text, (start, end, value), s) for s in stages)
        else (start, end, value)
        for start, end, value in found["concepts"]
    ]
    return {
        family: list(dict.fromkeys(value for _, _, value in spans if value != NONE))
        for family, spans in found.items()
    }


def negated(text: str, start: int, languages: tuple[str, ...]) -> bool:
    """Whether a negation word of the lexicon (`negations`) stands right before `start`."""
    before = text[max(0, start - 24) : start]
    return any(negation_pattern(language).search(before) for language in languages)


@lru_cache(maxsize=8)
def negation_pattern(language: str) -> re.Pattern[str]:
    words = alternation(lexicon(language).negations)
    return re.compile(rf"(?<![^\W_])(?:{words})\s+$", re.IGNORECASE)


def alternation(words: list[str]) -> str:
    """Literal words as one regex alternation; an empty list matches nothing."""
    return "|".join(re.escape(word) for word in words) or "(?!)"


STAGE_NAMED = "stage-named"  # the concept of the word "stage" beside a named stage
STAGE_GLUE_RE = re.compile(r"\s*(?:of the|of|the|de la|del|de|en la|en|[בהל]|-)?\s*", re.I)


def beside(text: str, span: tuple[int, int, str], other: tuple[int, int, str]) -> bool:
    """Whether two spans overlap or touch, with at most a joining word between them."""
    start, end = sorted([span[:2], other[:2]])
    if end[0] <= start[1]:
        return True
    return STAGE_GLUE_RE.fullmatch(text[start[1] : end[0]]) is not None


@lru_cache(maxsize=1024)
def question_sentence(text: str, language: str) -> str:
    """The sentence that asks: the first one with a question mark; a statement ending in a tag
    ("…in the renewal, ¿no?") gives way to a later question. Typed without a question mark
    ("We have a segment of 3,000. how do I check it is precise enough"), the last sentence
    with a question cue asks; with none, the whole message. Cached: the kind, the asking
    sentence and the concern words of one message all start from it."""
    sentences = split_sentences(text, language)
    asking = [s for s in sentences if "?" in s]
    if len(asking) > 1 and tag_pattern(language).search(asking[0]):
        return asking[1]

    def cued(sentence: str) -> bool:
        return any(p.search(sentence) for _, p in compiled(language).kinds)

    if asking:
        # "campaign B had half the CPL but finance says it's worse?? why": a question mark on
        # the complaint, the question word after it; a later cued sentence asks.
        if not cued(asking[0]):
            later = sentences[sentences.index(asking[0]) + 1 :]
            return next((s for s in later if cued(s)), asking[0])
        return asking[0]
    if len(sentences) > 1:
        with_cue = [s for s in sentences if cued(s)]
        if with_cue:
            return with_cue[-1]
    return text


@lru_cache(maxsize=1024)
def asking_families(message: str, language: str) -> tuple[str, frozenset[str]]:
    """The sentence that asks and the slot families it names of its own: whether a role or a
    subject belongs to the question or only to the scene around it."""
    asking, slots = asking_slots(message, language)
    return asking, frozenset(family for family, values in slots.items() if values)


def asking_slots(message: str, language: str) -> tuple[str, dict[str, list[str]]]:
    """The sentence that asks and the slot values it names of its own."""
    asking = question_sentence(message, language)
    return asking, read_slots(asking, read_languages(language))


@lru_cache(maxsize=4)
def tag_pattern(language: str) -> re.Pattern[str]:
    tags = compile_terms(
        references().tags.get(language, []),  # type: ignore[call-overload]
        language,
    )
    return re.compile(rf"[,;:–—-]\s*¿?(?:{tags.pattern})\s*\?+\s*$", re.IGNORECASE)


def detect_kind(text: str, language: str) -> str | None:
    """The earliest kind cue of the asking sentence; a weak opener ("what is") gives way to a
    later cue of another kind ("what is the max…" asks how many). `text` is read as typed
    (`read_as_typed`) by the caller."""
    sentence = question_sentence(text, language)
    opening = sentence.find("¿")
    if opening > 0:
        # "Cuando un lead supera el umbral, ¿a quién le toca?": the question proper starts at
        # "¿"; the clause before it sets the scene, so its cues ("umbral") come second, unless
        # the question proper has only a weak one ("Rebote duro vs blando: ¿los trato igual?").
        asked = detect_kind(sentence[opening:], language)
        scene = detect_kind(sentence[:opening], language)
        weak = compiled(language).weak
        if asked is None or (asked in weak and scene is not None and scene not in weak):
            return scene or asked
        return asked
    lexicons = [compiled(source) for source in read_languages(language)]
    found: list[tuple[int, int, str, bool]] = []
    for source in lexicons:
        for kind, pattern in source.kinds:
            for start, end in find(pattern, sentence):
                found.append((start, -(end - start), kind, kind in source.weak))
        if found:
            break  # the message's own language decides when it has a cue
    if not found:
        return None
    # Earliest first, then longest; on a tie a strong cue beats a weak one ("למה זה" asks why,
    # though its "מה זה" with a prefix reads as "what is").
    found.sort(key=lambda item: (item[0], item[1], item[3], item[2]))
    strong = [item for item in found if not item[3]]
    if found[0][2] == "yes-no":
        # After a yes/no opener, "who" starts a relative clause, not a question: "should we
        # push a demo on a prospect who's only just…", "שווה … למי שרק הוריד מאמר".
        strong = [item for item in strong if item[2] not in RELATIVE_KINDS]
    if found[0][3]:
        # A strong cue inside the weak opener's own words is part of it ("למה הכוונה"
        # defines; its "למה" does not ask why).
        weak_end = found[0][0] - found[0][1]
        later = [item for item in strong if item[0] >= weak_end]
        if later:
            return later[0][2]
    return found[0][2]


# A second question after the first: "who is the filter, and what do I send so they let me
# through?", "what role is she, and how do I get past her?". The kinds it may be. (Why then
# how-to was tried: "como" without its accent reads as "cómo", and the how-to fact pushed the
# reasons down; tune 0 better, 2 worse. Who then how-to: tune 2 better, 0 worse.)
# "What type of purchase is it, and how do I work it?": the second question after a first.
SECOND_KINDS: dict[str, frozenset[str]] = {
    "who": frozenset({"what-to-send", "how-to"}),
    "define": frozenset({"what-to-send", "how-to", "yes-no"}),
}


def second_kind(text: str, language: str, first: str) -> str | None:
    """The kind of a second question the message asks after its first cue, in its own
    language's words; None when it asks one thing."""
    wanted = SECOND_KINDS.get(first)
    if not wanted:
        return None
    lexicon = compiled(language)
    starts = {
        kind: [start for start, _ in find(pattern, text)]
        for kind, pattern in lexicon.kinds
        if kind == first or kind in wanted
    }
    if not starts.get(first):
        return None
    after = min(starts[first])
    return next(
        (kind for kind in sorted(wanted) if any(start > after for start in starts.get(kind, []))),
        None,
    )


def asks_kind(kind: str, text: str, language: str) -> bool:
    """Whether the message has a cue of `kind` anywhere, whichever cue came first."""
    return any(
        pattern.search(text) is not None
        for name, pattern in compiled(language).kinds
        if name == kind
    )


class References(RuleModel):
    """rules/understanding/references.yaml: conversational openers before a follow-up word,
    the pronouns that point at the previous question's person, agreement tags and the
    ordinals that name a listed stage by its place."""

    openers: dict[Language, list[str]]
    pronouns: dict[Language, list[str]]
    tags: dict[Language, list[str]] = Field(default_factory=dict)
    ordinals: dict[Language, list[list[str]]] = Field(default_factory=dict)


def references() -> References:
    return load("rules/understanding/references.yaml", References)


@lru_cache(maxsize=4)
def reference_patterns(language: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    found = references()
    openers = compile_terms(found.openers.get(language, []), language)  # type: ignore[call-overload]
    opening = re.compile(rf"(?:(?:{openers.pattern})[\s,.!;:–—-]+)+", re.IGNORECASE)
    pronouns = compile_terms(found.pronouns.get(language, []), language)  # type: ignore[call-overload]
    return opening, pronouns


@lru_cache(maxsize=4)
def ordinal_patterns(language: str) -> list[re.Pattern[str]]:
    ordinals = references().ordinals.get(language, [])  # type: ignore[call-overload]
    return [compile_terms(words, language) for words in ordinals]


def stage_by_place(message: str, language: str) -> list[Stage]:
    """ "And for the first one?" after the stages were listed: the stage in that place."""
    places = [
        stage
        for stage, pattern in zip(STAGES, ordinal_patterns(language), strict=False)
        if pattern.search(message) is not None
    ]
    return places if len(places) == 1 else []


def is_follow_up(text: str, language: str, names_role: bool = False) -> bool:
    """Starts like a follow-up ("and…", "¿y…", "ומה…", also after "right," or "vale,"), is too
    short to stand alone, or speaks of "he" or "ella" without naming a role of its own."""
    stripped = text.strip().lstrip(OPENING_MARKS)
    opening, pronouns = reference_patterns(language)
    after = opening.match(stripped)
    starts = [stripped]
    if after is not None:
        starts.append(stripped[after.end() :].lstrip(OPENING_MARKS))
    for start in starts:
        for lexicon_language in dict.fromkeys((language, "en")):
            if compiled(lexicon_language).follow_up.match(start):
                return True
    if len(stripped.split()) <= FOLLOW_UP_WORDS:
        return True
    return not names_role and pronouns.search(text) is not None


def member_roles(text: str, language: str, persona: Persona | None) -> list[str]:
    """Roles of the persona's members whose job title the message repeats: most of the
    title's words, or two of them ("SAP architect" for "External SAP S/4HANA Solution
    Architect"), one of them the member's own (a word no other member's title holds, so
    "purchasing manager" is not the "IT Manager"). Hebrew words count through their
    prefixes; a two-letter acronym of a title ("IT") counts when written in capitals, and so
    do the initials of the words a title opens with ("VP" says "Vice President")."""
    if persona is None:
        return []
    # The deal's own words ("direct-materials extension") describe what is bought, not who:
    # a title sharing them ("Category Manager, Direct Materials") is not named by them.
    deal = set(index_terms(f"{persona.purchase.offering} {persona.industry}", language))
    words = set(index_terms(text, language)) - deal
    titles: list[tuple[str, set[str], set[str]]] = []
    for member in persona.buying_center:
        groups = [g for g in word_terms(member.title, language) if len(g[0]) > 2]
        own = {g[0] for g in groups} | {a.casefold() for a in ACRONYM_RE.findall(member.title)}
        said = {g[0] for g in groups if words.intersection(g)}
        said |= {a.casefold() for a in ACRONYM_RE.findall(member.title) if says(text, a)}
        for initials, words_of in title_initials(member.title):
            if says(text, initials):
                said |= {g[0] for g in word_terms(words_of, language)}  # "VP": Vice President
        titles.append((member.role, own, said))
    roles: list[str] = []
    for index, (role, own, said) in enumerate(titles):
        others = set().union(*(t[1] for i, t in enumerate(titles) if i != index))
        if not own or not said - others:
            continue
        if len(said) / len(own) >= TITLE_SHARE or len(said) >= 2:
            roles.append(role)
    if roles:
        return list(dict.fromkeys(roles))
    # The title's own opening words in a row ("la jefa de servicio de farmacia") name the
    # member even when some of them also describe the deal (a pharmacy's system), though not
    # when all of them do.
    spoken = [
        (len(phrase), member.role)
        for member in persona.buying_center
        if (phrase := title_phrase(text, member.title, language))
        and set(index_terms(phrase, language)) - deal
    ]
    longest = max((length for length, _ in spoken), default=0)
    said_in_full = {role for length, role in spoken if length == longest}
    return list(said_in_full) if len(said_in_full) == 1 else []


TITLE_WORDS = re.compile(r"[\w\"'״׳-]+")
TITLE_SPANS = (4, 3, 2)  # words in a job title, longest first
TITLE_CONFIDENCE = 0.9


def offered_roles(message: str, languages: tuple[str, ...]) -> tuple[set[str], list[str]]:
    """Two role names joined by a word that offers a choice ("decider or advisor", "¿decisor
    o asesor?", "מקבל החלטות או יועץ"), and the roles the message names besides them (the
    person asked about); two empty answers when the message offers no choice."""
    spans = [s for s in family_spans(message, "roles", languages) if s[2] != NONE]
    for first, second in itertools.pairwise(spans):
        between = message[first[1] : second[0]]
        if (
            first[2] != second[2]
            and any(either_pattern(language).fullmatch(between) for language in languages)
            and all(role_name(message[start:end], languages) for start, end, _ in (first, second))
        ):
            others = [span[2] for span in spans if span not in (first, second)]
            return {first[2], second[2]}, others
    return set(), []


def role_name(words: str, languages: tuple[str, ...]) -> bool:
    """Whether these words are one of the guidance's names for a role ("the decider"), not a
    job title ("the owner") or an act ("who signs")."""
    return any(role_name_pattern(lang).fullmatch(words.strip()) for lang in languages)


@lru_cache(maxsize=8)
def role_name_pattern(language: str) -> re.Pattern[str]:
    names = lexicon(language).role_names.values()
    return compile_terms([term for terms in names for term in terms], language)


@lru_cache(maxsize=8)
def either_pattern(language: str) -> re.Pattern[str]:
    words = alternation(lexicon(language).either)
    return re.compile(
        rf"\W*(?:an?\s+|the\s+|el\s+|la\s+|un\s+|una\s+)?(?:{words})\W*(?:an?\s+|the\s+|el\s+|la\s+|un\s+|una\s+|ה)?",
        re.IGNORECASE,
    )


def title_roles(message: str) -> list[Role]:
    """The roles of the first job title in the message ("send the Head of Logistics"): the
    contact-export classifier reads each run of two to four words; a run with a level, a
    function and a role is a title."""
    words = TITLE_WORDS.findall(message)
    for start in range(len(words)):
        for size in TITLE_SPANS:
            if start + size > len(words):
                continue
            result = classify_title(" ".join(words[start : start + size]))
            if (
                result.roles
                and result.seniority != "unknown"
                and result.function != "other"
                and result.confidence >= TITLE_CONFIDENCE
            ):
                return list(result.roles)
    return []


def says(text: str, letters: str) -> bool:
    """Whether the message writes these capitals as a word of their own ("IT", "VP")."""
    return re.search(rf"(?<![^\W_]){letters}(?![^\W_])", text) is not None


def title_phrase(text: str, title: str, language: str) -> str:
    """The longest run of the words a job title (or a part of it after a comma) opens with that
    the message says in a row, when it holds two words of more than two letters ("jefa de
    servicio de farmacia" of "Jefa de Servicio de Farmacia Hospitalaria"); else ""."""
    for part in TITLE_PART_RE.split(title):
        words = part.split()
        for end in range(len(words), 1, -1):
            phrase = " ".join(words[:end])
            if sum(len(w) > 2 for w in words[:end]) < 2:
                break
            if phrase_pattern(phrase, language).search(text):
                return phrase
    return ""


@lru_cache(maxsize=1024)
def phrase_pattern(phrase: str, language: str) -> re.Pattern[str]:
    return compile_terms([phrase], language)


def title_initials(title: str) -> list[tuple[str, str]]:
    """ "VP" for "Vice President", "CFO" for "Chief Financial Officer": the initials of the
    two to four capitalised words a job title (or a part of it after a comma) opens with, as
    people shorten it; words already in capitals ("IT") are acronyms of their own."""
    found: list[tuple[str, str]] = []
    for part in TITLE_PART_RE.split(title):
        run: list[str] = []
        for word in part.split():
            if not (word[:1].isupper() and word.isalpha() and not word.isupper()):
                break
            run.append(word)
        if 2 <= len(run) <= 4:
            found.append(("".join(w[0] for w in run), " ".join(run)))
    return found


def named_by_title(message: str, role: str, language: str) -> bool:
    """Whether the message names the role by a job word of its lexicon (not by a phrase
    describing what the role does)."""
    return names_role(message, role, language, "titles")


def names_role(message: str, role: str, language: str, table: Literal["titles", "acts"]) -> bool:
    """Whether one of the role's patterns in this table of the compiled lexicons (its job
    words or its acts) occurs in the message, in any language the message is read in."""
    return any(
        (pattern := getattr(compiled(lang), table).get(role)) is not None
        and pattern.search(message) is not None
        for lang in read_languages(language)
    )


def named_by_act(message: str, role: str, language: str) -> bool:
    """Whether the message names the role by what it does: "who approves in the end, the CEO or
    the head of logistics?" asks for the approver even beside a job word of the same role (a
    statement's act, "the SAP architect is writing the spec", only describes the person)."""
    return names_role(message, role, language, "acts")


def lexicon_members(
    message: str, said: list[str], language: str, persona: Persona | None
) -> list[str]:
    """The roles the message names, each moved to the account's member the lexicons file
    under it across languages: when exactly one member's job title holds a word of the same
    value ("arquitecto" and "Solution Architect", "analista" and "Risk Management Analyst"),
    that member is meant, whatever role the account gives them (its SAP architect advises).
    Only a role the message names by a job word moves: "who is going to write the
    requirements" describes the prescriber's task, not anyone's title. Empty when nothing
    moves."""
    if persona is None or not said:
        return []
    languages = read_languages(language)
    roles: list[str] = []
    for value in said:
        if not named_by_title(message, value, language):
            roles.append(value)
            continue
        members = [
            member
            for member in persona.buying_center
            if any(v == value for _, _, v in family_spans(member.title, "roles", languages))
        ]
        roles.append(members[0].role if len(members) == 1 else value)
    roles = list(dict.fromkeys(roles))
    return roles if roles != said else []


# Kinds whose asking sentence, when it names a role, names the one asked about (not the
# roles of the scene before it).
ASKED_ROLE_KINDS = ("why", "yes-no")


def understand(
    message: str,
    language: str | None = None,
    previous: Understanding | None = None,
    personas: list[Persona] | None = None,
    persona: Persona | None = None,
) -> Understanding:
    """Read one message; a follow-up inherits the previous turn's slots it does not name."""
    language = language or message_language(message, personas or [])
    message = read_as_typed(message, language)
    if previous is not None and language != previous.language and len(message.split()) <= 3:
        language = previous.language  # "ו-CPA?" or "¿y CPA?" keeps the conversation's language
    languages = read_languages(language)
    # Loanwords and slang read as the guidance's own words ("גייטקיפר" names the filter).
    extra = guidance_words(message, language)
    slots = read_slots(f"{message}\n{' ; '.join(extra)}" if extra else message, languages)
    kind = detect_kind(message, language)
    asking = question_sentence(message, language)
    if kind == "define" and asking != message:
        # "My boss says my copy is soft. What is soft content?" defines what the asking
        # sentence names; the boss is context.
        own = read_slots(asking, languages)
        topics = concepts()
        if not own["purchase_types"] and any(
            topics.get(concept) == "purchase-type" for concept in own["concepts"]
        ):
            # "A clinic that never had a warehouse system. How do I classify that purchase?"
            # or "…how do I define this, and what is my risk?": the scene tells which type
            # is asked about.
            own["purchase_types"] = slots["purchase_types"]
        if any(own.values()):
            slots = own
    elif kind in ASKED_ROLE_KINDS and asking != message:
        # "All our content targets the CIO and the CFO. Why treat the warehouse staff who
        # will use it as a role of their own?": the asking sentence's roles are the question,
        # the scene's are what the marketer does today.
        own_roles = read_slots(asking, languages)["roles"]
        if own_roles:
            slots["roles"] = own_roles
    quoted_copy = QUOTED_RE.findall(message)
    if kind == "define":
        # "procurement keeps asking for our 'TCO'. What is that?": the quoted word is defined.
        quoted = read_slots(" ; ".join(quoted_copy), languages)
        if any(quoted.values()):
            slots = quoted
    if (
        quoted_copy
        and "soft-content" not in slots["concepts"]
        and quotes_soft_copy(quoted_copy, language)
    ):
        # "Why not write 'industry-leading' on our homepage?": the quoted phrase is copy the
        # review flags as soft, so the question is about soft content.
        slots["concepts"] = [*slots["concepts"], "soft-content"]
    named = mentioned_persona(message, personas or [])
    account = named or persona
    titled = member_roles(message, language, account)
    titled = titled or lexicon_members(message, slots["roles"], language, account)
    if titled:
        # The account's own people name the role better than generic job words; a role the
        # message names by what someone does ("who can stop our material before it reaches
        # the MD?") is still asked, ahead of the person named as the scene.
        described = [
            role
            for role in slots["roles"]
            if role not in titled
            and (
                not named_by_title(message, role, language)
                or (kind == "who" and named_by_act(message, role, language))
            )
        ]
        slots["roles"] = described + titled
    offered, others = offered_roles(message, languages)
    if offered:
        # "Halvorsen's CFO: decider or influencer?" offers two roles and names a person: the
        # person's role among the two is the answer, asked as a who-question.
        held = [role for role in [*titled, *others] if role in offered]
        if held:
            slots["roles"] = [held[0]]
            kind = "who"
    if kind == "what-to-send" and account is None and not any(slots.values()):
        # "What should I send the logistics manager?": a job title the lexicon lacks, and
        # nothing else the question names, is read the way a contact export's titles are.
        slots["roles"] = title_roles(message)
    follow_up = previous is not None and is_follow_up(message, language, bool(slots["roles"]))
    values: dict[str, object] = dict(slots)
    query = message
    if follow_up and previous is not None:
        for family in FAMILIES:
            if not slots[family]:
                values[family] = previous.slots(family)
            elif all((family, value) in EVERYDAY for value in slots[family]):
                # "How is CPL worked out?" then "and if we paid 48,000 for 300 leads?": the
                # everyday "leads" keeps the metric the conversation is about.
                values[family] = list(dict.fromkeys(previous.slots(family) + slots[family]))
        if previous.kind == "other" and slots["concepts"]:
            # "An insurer's links were all clicked within seconds." then "so do we pass them
            # to sales as hot leads?": the scene told first stays the subject of the question.
            values["concepts"] = list(dict.fromkeys(previous.concepts + slots["concepts"]))
        if not slots["stages"] and "buying-process" in previous.topics:
            # "¿Cuáles son las etapas?" then "¿y para la primera, qué contenido funciona?"
            values["stages"] = stage_by_place(message, language) or values["stages"]
        kind = kind or previous.kind
        named = named or (
            next((p for p in personas or [] if p.id == previous.persona_id), None)
            if previous.persona_id
            else None
        )
        query = f"{previous.focus} {message}".strip()
    kind = kind or "other"
    return Understanding(
        language=language,  # type: ignore[arg-type]
        kind=kind,  # type: ignore[arg-type]
        recipient=kind == "who" and asks_recipient(message, language),
        concern=kind in CONCERN_KINDS and asks_concern(message, language),
        also=second_kind(message, language, kind),  # type: ignore[arg-type]
        reading=kind == "compare"
        and (asks_kind("what-to-send", asking, language) or says_cue("reading", asking, language)),
        gaps=bool(slots["roles"]) and says_cue("missing", message, language),
        persona_id=named.id if named else None,
        follow_up=follow_up,
        query=query,
        focus=message,
        **values,  # type: ignore[arg-type]
    )


# The lexicon's word lists that mark a way of asking (see `Lexicon`).
CueList = Literal["recipient", "concern", "missing", "reading"]


@lru_cache(maxsize=16)
def cue_pattern(cues: CueList, language: str) -> re.Pattern[str]:
    """One compiled pattern per word list of the lexicon that marks a way of asking."""
    return compile_terms(getattr(lexicon(language), cues), language)


def says_cue(cues: CueList, text: str, language: str) -> bool:
    return any(cue_pattern(cues, lang).search(text) for lang in read_languages(language))


def asks_recipient(message: str, language: str) -> bool:
    """ "Who should get the TCO calculator?": a who-question about who receives something."""
    return says_cue("recipient", message, language)


def asks_concern(message: str, language: str) -> bool:
    """ "Why is their MD still hesitant?": the asking sentence asks what worries someone (a
    worry told as the scene, "the MD is nervous about go-live. What do we send?", is not)."""
    return says_cue("concern", question_sentence(message, language), language)


def mentioned_persona(message: str, personas: list[Persona]) -> Persona | None:
    """A persona named by id, company name, or the company's first word written with its
    capital ("Halvorsen's", not "a great idea"); for a Hebrew name, its first two words."""
    for persona in personas:
        loose, exact = persona_patterns(persona.id, persona.company)
        if loose.search(message) or (exact is not None and exact.search(message)):
            return persona
    return None


def message_language(message: str, personas: list[Persona]) -> Language:
    """The language the user writes in, read without the accounts' names; a message that is
    only a name keeps the name's language."""
    return detect_language(without_account_names(message, personas), detect_language(message))


def without_account_names(message: str, personas: list[Persona]) -> str:
    """The message with every account's name blanked: "Who does the buyer's job at Frescos del
    Bajío?" is English, however Spanish the company's name reads."""
    for persona in personas:
        loose, exact = persona_patterns(persona.id, persona.company)
        message = loose.sub(" ", message)
        if exact is not None:
            message = exact.sub(" ", message)
    return message


@lru_cache(maxsize=64)
def persona_patterns(
    persona_id: str, company: str
) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    language = detect_language(company)
    words = company.split()
    terms = [company, company.split(",")[0], persona_id]  # the id reads as words too
    terms += name_runs(company)  # "נווה כרמל", "Vega del Tajo": the name without its kind
    exact = None
    if language == "he" and len(words) >= 2:
        terms.append(" ".join(words[:2]))
    elif words and len(words[0]) >= 4:
        exact = compile_terms([words[0]], language, ignore_case=False)
    return compile_terms(terms, language), exact


def name_runs(company: str) -> list[str]:
    """Runs of two or three consecutive words of a company name that hold two words of four
    letters or more ("Vega del Tajo", "נווה כרמל", "Great Plains"), so a reply can name the
    account as people say it; legal forms ("S.A. de C.V.") never qualify."""
    words = company.replace(",", " ").split()
    runs: list[str] = []
    for size in (2, 3):
        for start in range(len(words) - size + 1):
            run = words[start : start + size]
            if sum(1 for w in run if sum(ch.isalpha() for ch in w) >= 4) >= 2:
                runs.append(" ".join(run))
    return runs


__all__ = [
    "KINDS",
    "ROLES",
    "Kind",
    "Understanding",
    "mentioned_persona",
    "message_language",
    "understand",
]
