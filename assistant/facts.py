"""The structured domain base: short, exact facts in en/es/he, each resting on a guidance section.

Facts live in `rules/facts/*.yaml` (roles, stages, purchase types, metrics, email rules,
content practice); what each role needs at each stage comes from the playbook
(`rules/playbook.yaml`), rendered without a persona. A fact names the question slots it
answers (`when`) and the kinds of question it answers first (`kinds`); its citation is a
section key (`rules/facts/sections.yaml`) resolved to the indexed chunk at answer time, so a
fact is only ever cited through a passage the index really holds.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from pydantic import Field, RootModel, model_validator

from assistant.domain import LANGUAGES, ROLES, STAGES, Language, Topic
from assistant.language import word_terms
from assistant.playbook import playbook
from assistant.quoting import question_terms, sentence_terms
from assistant.rules import RuleError, RuleModel, load
from assistant.text import split_sentences
from assistant.understanding import (
    EVERYDAY,
    FAMILIES,
    KINDS,
    Kind,
    Understanding,
    asking_families,
    compiled,
    concepts,
    lexicon,
    read_languages,
    read_slots,
)

if TYPE_CHECKING:
    from assistant.personas import Persona

FACT_FILES = ("roles", "stages", "purchase", "metrics", "email", "content")
PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)\}")
PERSONA_ONLY = frozenset({"goal", "pain", "objection"})  # no generic stand-in reads well
# How much a matched slot family says about a fact: a named role or metric is decisive, a
# concept word only points at the area.
FAMILY_WEIGHTS = {
    "roles": 3.0,
    "stages": 3.0,
    "purchase_types": 3.0,
    "metrics": 3.0,
    "channels": 2.0,
    "concepts": 1.0,
}
KIND_BONUS = 2.0
# A who-question naming a role opens with the role's fact (was 1.0; tune es lead +0.002).
WHO_BONUS = 2.0
ASKED_ROLE_BONUS = 1.5  # "who has the last word, the MD or the external accountant?"
YES_NO_CONCEPT_BONUS = 3.0  # tune lead es +0.011, he +0.003, en unchanged
# Slot values that are also everyday words (understanding.EVERYDAY): they never open a second
# fact beside a precise one, except when the question compares.
EVERYDAY_WEIGHT = 0.0  # …and a fact tied to the question by such a word alone ranks last
SAME_RANK = 1.0  # a second opening fact must score within this of the first
DIGIT_RE = re.compile(r"\d")  # a quantity in the question, a number in a sentence
# A role named only in the scene around the asking sentence weighs like a concept word.
SCENE_ROLE_WEIGHT = 0.5  # below a concept fact of the asked kind (tune +4 questions, 0 worse)
ROLE_KINDS = frozenset({"who", "what-to-send"})  # kinds whose answer is about the role itself
# A who-question that names no role is read by what it asks about: the role whose own facts
# share the most telling words with it, by at least this much, and by this factor over the next.
CONTENT_ROLE_MIN = 2.0
CONTENT_ROLE_LEAD = 1.5
# Playbook cells are asked for in these kinds of question ("what does the buyer need at…").
CELL_KINDS: tuple[Kind, ...] = ("what-to-send", "how-to", "yes-no", "why", "other")


class Section(RuleModel):
    """A guidance section: its topic and its heading in every language."""

    topic: Topic
    en: str
    es: str
    he: str

    def heading(self, language: str) -> str:
        return getattr(self, language, self.en)


class Sections(RootModel[dict[str, Section]]):
    """rules/facts/sections.yaml: section key -> topic and heading per language."""


class PerLanguage(RuleModel):
    en: str
    es: str
    he: str


class Fact(RuleModel):
    """One fact in three languages, the slots it answers and the section it rests on."""

    id: str
    when: dict[str, list[str]]
    kinds: list[Kind] = Field(default_factory=list)
    cite: str | PerLanguage
    en: str
    es: str
    he: str

    @model_validator(mode="after")
    def _known_slots(self) -> Fact:
        unknown = set(self.when) - set(FAMILIES)
        if unknown:
            raise ValueError(f"unknown slot families {sorted(unknown)}; use {FAMILIES}")
        if not self.when or not all(self.when.values()):
            raise ValueError("`when` needs at least one slot value")
        return self

    def text(self, language: str) -> str:
        return getattr(self, language, self.en)

    def section_key(self, language: str) -> str:
        return self.cite if isinstance(self.cite, str) else getattr(self.cite, language)


class FactFile(RuleModel):
    facts: list[Fact]


class CellWording(RuleModel):
    """How a playbook cell reads as a fact, and the stand-ins for persona values."""

    cell: str
    proof: str
    asks: str = Field(description="the role's own question, said after the format and proof")
    roles: dict[str, str]
    stages: dict[str, str]
    stand_ins: dict[str, str]
    stage_sections: dict[str, str]
    gaps: str = Field(description="the roles a message's contacts cover, and the ones missing")
    join: tuple[str, str] = Field(description="between list items, and before the last one")

    def role_list(self, roles: list[str]) -> str:
        names = [self.roles[role] for role in roles]
        if len(names) < 2:
            return "".join(names)
        return self.join[0].join(names[:-1]) + self.join[1] + names[-1]


class Wording(RuleModel):
    """rules/facts/wording.yaml."""

    en: CellWording
    es: CellWording
    he: CellWording

    def of(self, language: str) -> CellWording:
        return getattr(self, language, self.en)


def sections() -> dict[str, Section]:
    return load("rules/facts/sections.yaml", Sections).root


def wording() -> Wording:
    return load("rules/facts/wording.yaml", Wording)


@lru_cache(maxsize=1)
def all_facts() -> tuple[Fact, ...]:
    """Every fact of the rule files plus one per playbook cell; ids and sections checked."""
    facts: list[Fact] = []
    for name in FACT_FILES:
        facts += load(f"rules/facts/{name}.yaml", FactFile).facts
    facts += cell_facts()
    known = sections()
    seen: set[str] = set()
    for fact in facts:
        if fact.id in seen:
            raise RuleError("rules/facts", fact.id, "duplicate fact id")
        seen.add(fact.id)
        for language in LANGUAGES:
            if fact.section_key(language) not in known:
                raise RuleError(
                    "rules/facts", fact.id, f"unknown section {fact.section_key(language)!r}"
                )
    return tuple(facts)


def render_template(template: str, values: dict[str, str]) -> str:
    return PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def generic_text(template: str, language: str, role: str) -> str:
    """A playbook template without a persona: sentences that need the persona's own goal,
    pain or objection are dropped, other placeholders take neutral stand-ins."""
    from assistant.text import split_sentences

    words = wording().of(language)
    values = dict(words.stand_ins)
    values["member_title"] = words.roles[role]
    kept = [
        sentence
        for sentence in split_sentences(template, language)
        if not PERSONA_ONLY.intersection(PLACEHOLDER_RE.findall(sentence))
    ]
    return render_template(" ".join(kept), values).strip()


def cell_facts() -> list[Fact]:
    """What each role asks and needs at each stage, from the playbook, in three languages."""
    book = playbook()
    facts: list[Fact] = []
    for role in ROLES:
        for stage in STAGES:
            cell = book.cell(role, stage)
            texts: dict[str, str] = {}
            for language in LANGUAGES:
                words = wording().of(language)
                content = cell.text(language)
                lead = cell.suggestions[0].text(language)  # the cell's first suggestion
                values = {
                    "role": words.roles[role],
                    "stage": words.stages[stage],
                    "asks": content.asks,
                    "format": generic_text(lead.format, language, role),
                }
                # What to send and its proof first, the role's question last: the asked
                # fact sits in the answer's opening lines.
                text = render_template(words.cell, values)
                proof = generic_text(lead.proof, language, role)
                if proof:
                    text += " " + render_template(words.proof, {"proof": proof})
                text += " " + render_template(words.asks, values)
                texts[language] = text
            section = wording().en.stage_sections[stage]
            facts.append(
                Fact(
                    id=f"cell-{role}-{stage}",
                    when={"roles": [role], "stages": [stage]},
                    kinds=list(CELL_KINDS),
                    cite=PerLanguage(
                        **{lang: wording().of(lang).stage_sections[stage] for lang in texts}
                    )
                    if any(wording().of(lang).stage_sections[stage] != section for lang in texts)
                    else section,
                    **texts,
                )
            )
    return facts


@dataclass(frozen=True)
class ScoredFact:
    fact: Fact
    score: float
    leads: bool  # the question's kind is one this fact answers first
    matched: dict[str, list[str]]  # slot values it matched, per family

    @property
    def pairs(self) -> set[tuple[str, str]]:
        """The (family, value) slot pairs it matched."""
        return {(family, value) for family, values in self.matched.items() for value in values}


def select_facts(understanding: Understanding) -> list[ScoredFact]:
    """Facts whose every `when` family matches the question, best first: decisive slots
    (role, stage, metric) weigh more than concepts, and a fact of the asked kind leads."""
    found: list[ScoredFact] = []
    scene = scene_roles(understanding)
    scene_type = scene_purchase(understanding)
    asked_roles = acted_roles(understanding)
    # A concept only the scene names, beside a purchase type it also names ("we are already
    # the incumbent and they only extend the system… so no worry, right?"), is not the
    # practice a yes/no question asks about: the purchase type is.
    asked_concept = understanding.kind == "yes-no" and (
        understanding.follow_up
        or not understanding.purchase_types
        or "concepts" in asking_families(understanding.focus, understanding.language)[1]
    )
    for fact in all_facts():
        matched: dict[str, list[str]] = {}
        for family, values in fact.when.items():
            asked = understanding.slots(family)
            hits = [value for value in values if value in asked]
            if not hits:
                break
            matched[family] = hits
        else:
            # "Prescriber vs buyer: what does each want to read?" compares what they read.
            # (What each purchase type changes in the content sent is still a compare.)
            reads = understanding.reading and "roles" in fact.when
            kind = "what-to-send" if reads else understanding.kind
            leads = not fact.kinds or kind in fact.kinds
            if kind == "compare" and set(fact.when) == {"roles"} and len(understanding.roles) < 2:
                # A role's definition answers "prescriber vs advisor?", not a compare
                # question that names one role ("their IT manager: attachment or link?").
                leads = False
            # "Who should get the TCO calculator?" is answered by what that role reads.
            leads = leads or (understanding.recipient and "what-to-send" in fact.kinds)
            # "We have 35 contacts in the segment: still worth a campaign?" asks whether a
            # quantity passes the threshold a how-many fact states.
            leads = leads or (
                understanding.kind == "yes-no"
                and "how-many" in fact.kinds
                and DIGIT_RE.search(understanding.focus) is not None
            )
            # An everyday word ("leads" in "how many leads to close 5 deals?") does not name
            # the fact: the concept the question asks about (the funnel) ranks first.
            score = sum(
                EVERYDAY_WEIGHT
                if all((family, value) in EVERYDAY for value in values)
                else SCENE_ROLE_WEIGHT
                if (family == "roles" and scene) or (family == "purchase_types" and scene_type)
                else FAMILY_WEIGHTS[family]
                for family, values in matched.items()
            )
            score += KIND_BONUS if leads else 0.0
            if understanding.kind == "who" and "roles" in matched and leads:
                score += WHO_BONUS  # a who-question is answered by a role
                if asked_roles and asked_roles.intersection(matched["roles"]):
                    score += ASKED_ROLE_BONUS
            if understanding.kind == "yes-no" and "concepts" in matched and leads and asked_concept:
                # "Can we gate the spec sheets? We want leads from engineers": the practice
                # asked about answers; the role named is its audience.
                score += YES_NO_CONCEPT_BONUS
            found.append(ScoredFact(fact, score, leads, matched))
    found.sort(key=lambda s: (-s.score, -len(s.fact.when), s.fact.id))
    return found


def acted_roles(understanding: Understanding) -> frozenset[str]:
    """In a who-question about several roles, those named by what someone does ("who has the
    last word, the MD or the external accountant?"): that is what it asks; the people named
    by title are the candidates."""
    if understanding.kind != "who" or len(understanding.roles) < 2:
        return frozenset()
    acts = compiled(understanding.language).acts
    # Only the sentence that asks: in "What is the category manager's role? Is he the one who
    # signs?" the act is a guess about the person asked about, not the question.
    asking, named = asking_families(understanding.focus, understanding.language)
    if "roles" not in named:
        # "Their VP of operations holds the budget and picks the winning offer. What is she in
        # the DMU?": the question names nobody, the scene's act says which role she plays (a
        # statement; "…is he the one who signs?" is a guess).
        from assistant.text import split_sentences

        sentences = split_sentences(understanding.focus, understanding.language)
        told = [sentence for sentence in sentences if "?" not in sentence]
        asking = " ".join(told) or asking
    return frozenset(
        role
        for role in understanding.roles
        if role in acts and acts[role].search(asking) is not None
    )


PURCHASE_TOPICS = frozenset({"purchase-type", "buying-process"})


def scene_purchase(understanding: Understanding) -> bool:
    """Whether the purchase type is only the scene: "We're extending the system at the
    municipality. I want to send their CIO the architecture as a PDF attachment: ok?" asks
    about attachments; the extension is the deal. True when the sentences that name the
    purchase type name nothing else, and a later one names a subject of its own (a concept,
    role, metric or channel)."""
    if not understanding.purchase_types or understanding.follow_up:
        return False
    if understanding.kind == "define" or "purchase-type" in understanding.concepts:
        return False
    languages = read_languages(understanding.language)
    topics = concepts()

    def subject(slots: dict[str, list[str]]) -> bool:
        # A content plan or a stage still speaks of the deal's type ("…never bought one. How
        # do we build a content plan for such a deal?"): only another subject is a new one.
        other = [c for c in slots["concepts"] if topics.get(c) not in PURCHASE_TOPICS]
        return bool(other or slots["roles"] or slots["metrics"] or slots["channels"])

    typed = False
    for sentence in split_sentences(understanding.focus, understanding.language):
        slots = read_slots(sentence, languages)
        if slots["purchase_types"]:
            if subject(slots):
                return False
            typed = True
        elif typed and subject(slots):
            return True
    return False


def scene_roles(understanding: Understanding) -> bool:
    """Whether the roles are only the scene: "The plant director says every vendor promises
    to cut costs. How do we prove ours?" asks how to prove, the director is who said it. True
    when the asking sentence, one of several, names no role (and the kind is not about one),
    and when a how-to question names a subject and no stage: "how do I write the subject line
    of a mailing to purchasing directors?" asks about subject lines, written for that role."""
    if understanding.kind in ROLE_KINDS or not understanding.roles or understanding.follow_up:
        return False
    if understanding.kind == "how-to" and understanding.concepts and not understanding.stages:
        return True
    message = understanding.focus
    asking, named = asking_families(message, understanding.language)
    return asking != message and "roles" not in named


def lead_facts(understanding: Understanding, scored: list[ScoredFact]) -> list[ScoredFact]:
    """The facts that open the answer: the best one of the asked kind, plus the best one for
    each other value the question names in the same family (compare A and B, two roles)."""
    leading = [s for s in scored if s.leads]
    if not leading:
        return []
    chosen = [leading[0]]
    covered = leading[0].pairs
    if understanding.kind != "compare":
        covered |= EVERYDAY  # "leads cheaper… cost per lead": "lead" alone opens no 2nd fact
    for candidate in leading[1:]:
        if len(chosen) == 2:
            break
        if candidate.score < leading[0].score - SAME_RANK and understanding.kind != "compare":
            # "Prescriber vs advisor? both seem technical to me": a compare question opens with
            # both sides, however much more one of them shares the question's other words.
            break
        pairs = candidate.pairs
        if pairs - covered and candidate.fact.when.keys() == leading[0].fact.when.keys():
            chosen.append(candidate)
            covered |= pairs
    return chosen


__all__ = [
    "KINDS",
    "Fact",
    "Language",
    "ScoredFact",
    "all_facts",
    "lead_facts",
    "sections",
    "select_facts",
]


@lru_cache(maxsize=4)
def role_reading(language: str) -> dict[str, frozenset[str]]:
    """Each role's words (every lexical term, Hebrew prefix variants included): those of the
    facts about that role alone (its definition, what it reads at each stage), less the
    question words and the words that name any role."""
    plain = question_terms(language)
    naming = {
        term
        for terms in lexicon(language).roles.values()
        for phrase in terms
        if not phrase.startswith("re:")
        for group in word_terms(phrase.rstrip("*"), language)
        for term in group
    }
    words: dict[str, set[str]] = {role: set() for role in ROLES}
    for fact in all_facts():
        roles = fact.when.get("roles", [])
        if len(roles) != 1 or roles[0] not in words:
            continue
        for group in word_terms(fact.text(language), language):
            if group[0] not in plain and not naming.intersection(group):
                words[roles[0]].update(group)
    return {role: frozenset(found) for role, found in words.items()}


def roles_by_content(understanding: Understanding, persona: Persona | None) -> list[str]:
    """The role a who-question means when it names none but says what is sent ("who should
    get the TCO calculator?") or, with an account, what its person is about ("who at Great
    Plains will hold up the renewal over the SOC 2 report?"): the role whose facts, and the
    account member's goals, pains, objections and channels, share the rarest words with the
    question. A word every role's facts hold tells nothing."""
    language = understanding.language
    reading = {role: set(found) for role, found in role_reading(language).items()}
    if persona is not None:
        for member in persona.buying_center:
            said = [*member.goals, *member.pains, *member.objections, *member.channels]
            for text in said:
                reading[member.role].update(sentence_terms(text, language))
    scores = dict.fromkeys(reading, 0.0)
    for group in {tuple(g) for g in word_terms(understanding.focus, language)}:
        holders = [role for role, found in reading.items() if found.intersection(group)]
        for role in holders:
            scores[role] += math.log(len(ROLES) / len(holders))
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    if top >= CONTENT_ROLE_MIN and top >= CONTENT_ROLE_LEAD * second:
        return [best]
    return []
