"""Answer first: the asked fact opens the answer, then at most three cited supporting points.

The opening comes from the structured fact base (`assistant.facts`) when the question's slots
name one (a role, a stage, a metric, a purchase type, an email rule); otherwise it is the
guidance sentence that answers the question best. Supporting points are complete sentences of
retrieved passages (never a heading, a fragment or an id), each with its [n] citation, kept only
above a relevance cut-off: an answer is never padded. When nothing in the knowledge is relevant
enough, the answer says so and names the closest topic instead of guessing.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from assistant.calculations import calculate_metric, leads_needed
from assistant.config import Settings
from assistant.domain import LANGUAGES, ROLES, Language, label
from assistant.facts import (
    DIGIT_RE,
    EVERYDAY,
    Fact,
    ScoredFact,
    all_facts,
    lead_facts,
    sections,
    select_facts,
    wording,
)
from assistant.language import WORD_RE, translate_to_english, word_terms
from assistant.numbers import states_quantity
from assistant.personas import BuyingCenterMember, Persona
from assistant.quoting import (
    defines,
    item_label,
    item_labels,
    join_examples,
    named_patterns,
    names_role,
    names_slot,
    passage_sentences,
    question_terms,
    sentence_terms,
    slot_patterns,
    slot_words,
)
from assistant.retrieval import Citation, Hit, LexicalIndex, Mode, Retriever
from assistant.rules import RuleModel
from assistant.text import compile_terms, split_sentences
from assistant.understanding import (
    Understanding,
    asking_families,
    asking_slots,
    expand_groups,
    guidance_words,
    lexicon,
)

if TYPE_CHECKING:
    from assistant.content_library import ContentAsset

KNOWLEDGE_KINDS = ("guidance", "content", "document")
DECISIVE_FAMILIES = ("roles", "stages", "purchase_types", "metrics")
# Kinds that ask for a metric itself (its value, definition, how to compute or compare it):
# such a question is answered whatever neighbouring subject frames it ("the CPA of a LinkedIn
# Ads campaign"); a yes/no or why about a neighbouring subject that mentions "SQL" is not.
METRIC_KINDS = frozenset({"how-many", "define", "compare", "how-to", "other"})
SOFT_TITLE_MIN = 4  # a title word this long or longer can name a content-library asset
SOFT_ASSET_FACT = "soft-content-defined"  # cited when the answer says a named asset is soft
SOFT_ASSET_KINDS = frozenset({"yes-no", "what-to-send"})
LEAD_RELEVANCE = 3.0  # weight of lexical relevance when ranking facts tied on slots
# An account's notes join an answer when a sentence of them shares this many of the question's
# words, or whole when the message names the account and asks one of these kinds.
NOTE_MIN_WORDS = 2
MEMBER_MIN_WORDS = 2  # words a who-question shares with the account's person it describes
NOTE_KINDS = frozenset({"why", "yes-no"})
ALTERNATIVE_KINDS = frozenset({"yes-no"})  # a no is answered with what to do instead


# The fact whose passage a "who are we missing?" answer rests on: how to map a buying center.
GAPS_FACT = "buying-center-mapping"


class AnswerRules(RuleModel):
    """rules/chat.yaml `answer`: the relevance cut-offs, tuned on the labelled tune half."""

    passages: int
    retrieval: Mode
    passage_prior: float
    max_support: int
    support_min: float
    min_shared_words: int
    telling_slot_words: int
    in_scope_min: float
    follow_up_min: float
    concept_min: float
    concept_read_min: float
    fact_bonus: float
    other_slot_bonus: float
    kind_fact_bonus: float = 0.0
    metric_channel_subjects: list[str] = []
    slot_bonus: float
    number_bonus: float = 0.0
    guidance_word_weight: int = 1
    earlier_question_weight: float
    key_word_share: float
    lead_margin: float
    lead_share: float
    back_references: dict[Language, list[str]]
    example_before: dict[Language, list[str]]
    example_after: dict[Language, list[str]]
    why_bonus: float
    definition_bonus: float
    causal: dict[Language, list[str]]
    alternatives: dict[Language, list[str]] = {}


@dataclass
class Point:
    """One sentence the answer may say, with the passage it cites and its relevance."""

    text: str
    score: float
    hit: Hit | None = None
    fact: Fact | None = None
    terms: frozenset[str] = frozenset()
    quotable: bool = True
    telling: bool = True  # it shares one of the question's telling words
    prior: float = 0.0  # the share of `score` that comes from its passage's search rank
    opens: bool = False  # it answers the question before the facts do (an account's own notes)
    role: str | None = None  # the buying-center role of the account member it speaks of


@dataclass
class Composed:
    text: str
    citations: list[Citation]
    in_knowledge: bool
    points: list[Point] = field(default_factory=list)


@dataclass
class RevisionCache:
    """What the composer derives from one index revision: term weights, the chunks of each
    guidance section and of each persona member. One is taken per answer, so the store's
    revision is read once per answer, not once per lookup."""

    revision: str
    lexical: LexicalIndex
    idf: dict[str, float]
    unknown_idf: float
    sections: dict[tuple[str, str, str], list[int]]
    personas: dict[tuple[str, str], int]
    texts: dict[str, str]  # every chunk of a language, joined: what the knowledge says at all
    # (language, neighbouring-subject phrase) -> whether the knowledge holds it, filled lazily
    holds: dict[tuple[str, str], bool] = field(default_factory=dict)


def title_words(text: str, shortest: int = SOFT_TITLE_MIN) -> frozenset[str]:
    return frozenset(w.casefold() for w in WORD_RE.findall(text) if len(w) >= shortest)


@dataclass(frozen=True)
class SoftAssets:
    """The assets our review rates soft: their sources (never quoted) and, for each, the words
    of its title and those no other asset's title holds (what names it in a question)."""

    sources: frozenset[str]
    titled: tuple[tuple[ContentAsset, frozenset[str], frozenset[str]], ...]

    @classmethod
    def of(cls, assets: list[ContentAsset]) -> SoftAssets:
        soft = [a for a in assets if a.verdict == "soft"]
        titled = []
        for asset in soft:
            words = title_words(asset.title)
            others = frozenset().union(*(title_words(a.title) for a in assets if a is not asset))
            titled.append((asset, words, words - others))
        return cls(frozenset(a.source for a in soft), tuple(titled))


class Composer:
    """Builds offline answers from the fact base and the retriever's passages."""

    def __init__(
        self,
        settings: Settings,
        retriever: Retriever,
        rules: AnswerRules,
        reply: Callable[..., str],
    ) -> None:
        self.settings = settings
        self.retriever = retriever
        self.rules = rules
        # rules/chat.yaml's fixed replies, filled in: chat.reply, passed in because chat
        # imports this module
        self.reply = reply
        self._cache: RevisionCache | None = None
        self._soft: tuple[str, SoftAssets] | None = None
        self._lock = threading.Lock()
        self._patterns: dict[tuple[str, str], re.Pattern[str]] = {}

    # ------------------------------------------------------------ per-revision data

    def back_reference(self, language: str) -> re.Pattern[str]:
        """Openings that point back to an earlier sentence ("For these reasons", "Por eso",
        "לכן"), from rules/chat.yaml `answer.back_references`."""
        return self.word_pattern("back_references", language)

    def causal(self, language: str) -> re.Pattern[str]:
        """Words that state a reason ("because", "porque", "כי"), `answer.causal`."""
        return self.word_pattern("causal", language)

    def word_pattern(self, name: str, language: str) -> re.Pattern[str]:
        """One language's word list of rules/chat.yaml `answer.<name>`, compiled once."""
        pattern = self._patterns.get((name, language))
        if pattern is None:
            terms = getattr(self.rules, name).get(language, [])
            pattern = self._patterns[(name, language)] = compile_terms(terms, language)
        return pattern

    def revision_cache(self) -> RevisionCache:
        lexical = self.retriever.lexical()
        with self._lock:
            if self._cache is None or self._cache.revision != lexical.revision:
                self._cache = build_revision_cache(lexical)
            return self._cache

    def outside_subject(self, view: RevisionCache, u: Understanding) -> str | None:
        """A neighbouring subject (rules/understanding `outside`: SEO, ad budgets, hashtags)
        the message names and no indexed passage of its language holds, as its group name, or
        None. The knowledge decides what it covers: a document on SEO makes SEO questions
        answerable again."""
        phrases = outside_phrases(u.language)
        # Only the sentence that asks: "We met them at a trade fair. What should we send the
        # buyer now?" is about the buyer, the fair is the scene. When the asking sentence names
        # no role, stage, purchase type or metric of its own ("¿Qué incentivo funciona mejor?"
        # after "Lanzamos un programa de referidos"), the scene is what it asks about.
        # A bare "what do we send him?" about someone the scene names as a role or at a stage
        # asks for that role's content: the scene's "per user, per site" pricing or
        # "e-commerce contracts" are the deal, not the subject.
        asking, named = asking_families(u.focus, u.language)
        sends_to_role = u.kind == "what-to-send" and bool(u.roles or u.stages)
        if not named.intersection(DECISIVE_FAMILIES) and not sends_to_role:
            asking = u.focus
        for match in phrases.pattern.finditer(asking):
            for subject, phrase, pattern in phrases.each:
                if not pattern.search(match.group()):
                    continue
                key = (u.language, phrase)
                held = view.holds.get(key)
                if held is None:
                    held = view.holds[key] = (
                        pattern.search(view.texts.get(u.language, "")) is not None
                    )
                if not held:
                    return subject
        return None

    def soft_assets(self, revision: str) -> SoftAssets:
        """Content-library assets our review rates soft, derived once per index revision."""
        with self._lock:
            if self._soft is None or self._soft[0] != revision:
                from assistant.content_library import content_library

                assets = content_library(self.settings, revision).assets
                self._soft = (revision, SoftAssets.of(assets))
            return self._soft[1]

    def soft_sources(self, revision: str) -> frozenset[str]:
        """Content-library assets our review rates soft: never quoted as advice."""
        return self.soft_assets(revision).sources

    def named_soft_asset(self, revision: str, u: Understanding) -> ContentAsset | None:
        """The content-library asset our review rates soft that the question names by its title
        ("can I send their CFO the Northwind brochure?", "el folleto de Northwind", "הברושור של
        Northwind"): the answer says so before anything else."""
        titled = self.soft_assets(revision).titled
        if not titled:
            return None
        text = (
            u.focus
            if u.language == "en"
            else f"{u.focus} {translate_to_english(u.focus, u.language)}"
        )
        asked = title_words(text, 1)
        for asset, words, distinctive in titled:
            # Named, not merely of its kind: "no otro folleto" is any brochure, "the Northwind
            # brochure" is this one (a distinctive word and one more of its title).
            if distinctive & asked and len(words & asked) >= min(2, len(words)):
                return asset
        return None

    def section_hit(self, view: RevisionCache, fact: Fact, language: str, text: str) -> Hit | None:
        """The indexed chunk of the fact's section in this language (the best-matching piece
        when the section was split), or None when the index does not hold it."""
        lexical, cache = view.lexical, view
        section = sections()[fact.section_key(language)]
        positions = cache.sections.get((section.topic, language, section.heading(language)))
        if not positions:
            return None
        terms = sentence_terms(text, language)
        best = max(
            positions,
            key=lambda p: len(terms & sentence_terms(lexical.documents[p], language)),
        )
        return Retriever._hit(lexical, best, 1.0)

    def persona_hit(self, view: RevisionCache, persona: Persona, section: str) -> Hit | None:
        """The persona file's chunk for one member (section = role) or the account."""
        position = view.personas.get((persona.id, section))
        return None if position is None else Retriever._hit(view.lexical, position, 1.0)

    def title_of(self, view: RevisionCache, hit: Hit) -> str:
        lexical = view.lexical
        position = lexical.positions().get(hit.id)
        title = lexical.metadatas[position].get("title", "") if position is not None else ""
        return str(title or hit.section)

    # ------------------------------------------------------------ scoring

    def weighted_groups(
        self, view: RevisionCache, u: Understanding
    ) -> list[tuple[frozenset[str], float]]:
        """The question's words with their weight: rare words weigh more, and the words of
        an earlier question (a follow-up's context) weigh less than the message's own."""
        cache = view
        skip = question_terms(u.language)
        own = expand_groups(word_terms(u.focus, u.language), u.language)
        earlier = word_terms(u.query[: max(0, len(u.query) - len(u.focus))], u.language)
        earlier = expand_groups(earlier, u.language)
        groups: list[tuple[frozenset[str], float]] = []
        seen: set[frozenset[str]] = set()
        for terms, factor in ((own, 1.0), (earlier, self.rules.earlier_question_weight)):
            for group in terms:
                key = frozenset(group)
                if key in seen or group[0] in skip:
                    continue
                seen.add(key)
                # A Hebrew word's forms without prefixes: the form the corpus knows best counts.
                known = [cache.idf[term] for term in group if term in cache.idf]
                weight = min(known) if known else cache.unknown_idf
                groups.append((key, weight * factor))
        return groups

    def relevance(
        self,
        text: str,
        language: str,
        groups: list[tuple[frozenset[str], float]],
        u: Understanding,
    ) -> tuple[float, frozenset[str]]:
        """Share of the question's weighted words the sentence holds, plus a bonus for each
        slot family (role, stage, metric…) it shares with the question."""
        terms = sentence_terms(text, language)
        # A word no passage holds ("bother", a typo, "צ'קליסט") cannot be shared by any
        # sentence: it does not dilute the share. Questions about what the knowledge lacks are
        # declined by the in-scope bar and by the neighbouring subjects it does not name.
        idf = self._cache.idf if self._cache is not None else {}
        total = sum(weight for _, weight in known_groups(groups, idf))
        total = total or sum(weight for _, weight in groups) or 1.0
        covered = sum(weight for group, weight in groups if group & terms)
        shared = sum(
            1 for patterns in slot_patterns(u).values() if any(p.search(text) for p in patterns)
        )
        return covered / total + self.rules.slot_bonus * min(shared, 3), terms

    # ------------------------------------------------------------ the answer

    def candidates(self, view: RevisionCache, u: Understanding) -> tuple[list[Point], list[Hit]]:
        """Sentences of the retrieved passages (guidance, team documents, substantive
        content), scored against the question."""
        lexical = view.lexical
        # "דמו" also searches for "הדגמה", repeated so a long question does not drown it
        extra = guidance_words(u.query, u.language)
        result = self.retriever.search(
            " ".join([u.query, *extra * self.rules.guidance_word_weight]),
            k=self.rules.passages,
            language=u.language,
            kinds=KNOWLEDGE_KINDS,
            mode=self.rules.retrieval,
        )
        soft = self.soft_sources(lexical.revision)
        hits = [hit for hit in result.hits if hit.source not in soft]
        groups = self.weighted_groups(view, u)
        # The telling words are measured against the rarest word the knowledge holds: a word
        # no passage contains ("bother", a typo) cannot be shared by any sentence, so it must
        # not make every sentence fall short of the key-word rule. It still weighs in the
        # share, which keeps questions about what the knowledge lacks declined.
        known = known_groups(groups, view.idf)
        slots = named_patterns(u)
        asked = frozenset(term for group, _ in groups for term in group)
        needed = min(self.rules.min_shared_words, len(groups))
        key = self.rules.key_word_share * max((w for _, w in known), default=0.0)
        back = self.back_reference(u.language)
        points: list[Point] = []
        for rank, hit in enumerate(hits):
            # The search ranks whole passages, weighing all their words: the sentences of the
            # passage it ranks first are likelier to answer than an equal word match elsewhere.
            prior = self.rules.passage_prior / (1 + rank)
            if hit.language != u.language:
                continue  # the answer speaks the user's language
            headings = (hit.section, self.title_of(view, hit))
            labels = item_labels(hit.id, hit.text)
            sentences = join_examples(
                passage_sentences(hit.id, hit.text, hit.language, headings),
                self.word_pattern("example_before", hit.language),
                self.word_pattern("example_after", hit.language),
            )
            for sentence in sentences:
                if back.match(sentence):
                    continue  # "As a result, …" needs the sentence before it: never alone
                score, terms = self.relevance(sentence, hit.language, groups, u)
                label = item_label(labels, sentence)
                if label:
                    # "Señales típicas: fin de contrato…" inside "**Recompra modificada.** …"
                    # is about the modified repeat: read with its item's label.
                    with_label = self.relevance(f"{label}. {sentence}", hit.language, groups, u)
                    if with_label[0] > score:
                        score, terms = with_label[0], terms | with_label[1]
                    if u.kind == "who" and names_role(label, hit.language):
                        # "Who should get the one-page summary?": the item's label is the answer
                        # ("הקניין: תוכן מתאים: …"), so it is quoted with its sentence.
                        sentence = f"{label}: {sentence}"
                if u.kind == "how-many" and DIGIT_RE.search(sentence):
                    score += self.rules.number_bonus  # "how many…?" is answered by a number
                # One word in common is a coincidence, not an answer: such a sentence still
                # shows the knowledge is near the question, but it is never quoted. Naming
                # the asked role, stage, purchase type or metric counts as one word in common
                # ("trigger events" and "Typical triggers of a modified repeat: …").
                shared = sum(1 for group, _ in groups if group & terms)
                naming = names_slot(sentence, hit.language, slots, asked)
                quotable = shared + (1 if naming else 0) >= needed
                # …and the words it shares must include one of the question's telling words
                # ("long" in "how long should a B2B email be?"), not only its common ones.
                telling = any(w >= key for group, w in groups if group & terms)
                if not telling and naming and shared >= self.rules.telling_slot_words:
                    # Scene words ("מרגיש", "we", "always") can be the question's rarest: a
                    # sentence naming its role, stage or concept and sharing many of its
                    # words tells as much ("…לשלוש הצעות מחיר" for a question on quotes).
                    telling = True
                quotable = quotable and telling
                # A compare question: a sentence opening with an asked term ("SPF: a DNS TXT
                # record…") states one side, even sharing no other word with the question. Not
                # for define questions: there a label sharing one word ("Intent: …" for "what
                # is intent data?") let questions the knowledge does not cover through.
                if u.kind == "compare" and defines(sentence, hit.language, groups, key):
                    quotable = True
                    score += self.rules.definition_bonus
                points.append(
                    Point(
                        sentence,
                        score + prior,
                        hit=hit,
                        terms=terms,
                        quotable=quotable,
                        telling=telling,
                        prior=prior,
                    )
                )
        points.sort(key=lambda p: -p.score)
        return points, hits

    def compose(self, u: Understanding, persona: Persona | None) -> Composed:
        member = asked_member(u, persona)
        if member is not None:
            # "Who at Halvorsen is defining what the extension has to do?": the account's
            # person the question describes answers it, by their role.
            u = u.model_copy(update={"roles": [member.role]})
        view = self.revision_cache()
        verdict = self.purchase_verdict(view, u, persona)
        asks_own_type = "purchase-type" in u.concepts and not u.purchase_types
        if persona is not None and (verdict is not None or asks_own_type):
            # "This is basically a straight rebuy for them, yes?" of a modified repeat, or
            # "What type of purchase is that for them?": the facts then speak of the account's
            # own purchase type.
            u = u.model_copy(update={"purchase_types": [persona.purchase.type]})
        groups = self.weighted_groups(view, u)
        scored: list[ScoredFact] = []
        fact_points: dict[str, Point] = {}
        for candidate in select_facts(u):
            point = self.fact_point(view, candidate, u, groups)
            if point is None:
                continue  # its section is not in the index: never stated uncited
            fact_points[candidate.fact.id] = point
            # Facts tied on slots are told apart by how much of the question they answer.
            scored.append(replace(candidate, score=candidate.score + LEAD_RELEVANCE * point.score))
        scored.sort(key=lambda s: -s.score)
        leads = lead_facts(u, scored)
        if not leads:
            # The question names a role, stage or metric precisely but asks in a shape no fact
            # of it answers first ("prescriber vs buyer: what does each care about?"): its
            # best facts still open the answer rather than a decline.
            # A follow-up holds its subject from the conversation ("ok so what do I look at
            # before that?" after a stalled deal): its best fact answers in the same way.
            leads = lead_facts(
                u, [replace(s, leads=True) for s in scored if decisive(s) or u.follow_up]
            )
        points, hits = self.candidates(view, u)
        # A neighbouring subject the knowledge lacks ("hashtags", "SEO") is declined, unless
        # the question asks for a metric the knowledge defines of a channel it names ("the CPA
        # of a LinkedIn Ads campaign" is computed the same whatever the channel; "pay SDRs per
        # closed deal?" is still a commission plan) or for the buying-center role of someone it
        # names ("their outside lawyer reviews our offer: which role is that?").
        asks_role = u.kind == "who" and bool(u.roles)
        subject = None if asks_role else self.outside_subject(view, u)
        precise_metric = u.kind in METRIC_KINDS and any(metric != "lead" for metric in u.metrics)
        metric_of_channel = precise_metric and subject in self.rules.metric_channel_subjects
        if subject is not None and not metric_of_channel:
            return self.not_found(view, u, hits)
        lead_points = [fact_points[s.fact.id] for s in leads]
        # In scope or not is judged on what the sentences say, not on the search rank: the
        # first passage of an unrelated search is still first, so the best sentence by its words.
        evidence = max([p.score - p.prior for p in points + lead_points] or [0.0])
        if not any(decisive(s) for s in leads):
            # Only a concept word ties the question to a fact, or nothing does: the knowledge
            # must also hold sentences that answer it, else say so instead of guessing.
            needed = self.rules.concept_min if lead_points else self.rules.in_scope_min
            if not lead_points and u.concepts:
                # The lexicon reads a subject the guidance covers ("fluff" is soft content)
                # though no fact answers the question's shape: a lower bar than no subject.
                needed = min(needed, self.rules.concept_read_min)
            if u.follow_up:
                # The conversation already holds the topic: a follow-up's own words are few
                # ("and how do we make reordering easier?"), so its bar is lower.
                needed = min(needed, self.rules.follow_up_min)
            if evidence < needed:
                return self.not_found(view, u, hits)
        if u.kind == "why":
            self.prefer_near(points, lead_points, self.causal(u.language))
        elif u.kind in ALTERNATIVE_KINDS:
            # "Can we embed the video in the email?": the no comes with what to do instead.
            self.prefer_near(points, lead_points, self.word_pattern("alternatives", u.language))
        points = [p for p in points if p.quotable]
        if not lead_points:
            if not points:
                return self.not_found(view, u, hits)
            lead_points = [points[0]]
        elif not any(decisive(s) for s in leads):
            # Only a concept word (or the everyday "lead") ties the opening fact to the
            # question: a fact or guidance sentence that holds far more of the question's
            # words answers it better ("how many sends in a nurturing sequence?" opens with
            # the sequence, not with what inbound is).
            best = self.better_opening(u, groups, lead_points, fact_points.values(), points)
            if best is not None:
                lead_points, leads = [best], []
        if (
            u.kind == "how-many"
            and points
            and not any(DIGIT_RE.search(point.text) for point in lead_points)
            # A fact tied by a decisive slot that states its number in words ("a straight
            # repeat keeps three stages") answers; one tied by a concept word may state an
            # unrelated count ("three to six messages" for "how many days before…").
            and not (
                any(decisive(s) for s in leads)
                and any(states_quantity(point.text, u.language) for point in lead_points)
            )
            and DIGIT_RE.search(points[0].text)
        ):
            # "How many…?" is answered by a number: an opening fact that states none ("An MQL
            # is…") gives way to the best sentence that does; the fact stays in support.
            lead_points, leads = [points[0]], []
        asked_text = u.query if u.follow_up else u.focus
        calculation = calculate_metric(asked_text, u.language, u.metrics)
        if calculation is None and u.kind == "how-many":
            calculation = leads_needed(asked_text, u.language)
        formula = fact_points.get(calculation.fact_id) if calculation is not None else None
        if calculation is not None and formula is not None:
            # "We spent 9,000 € for 150 leads: our CPL?" opens with the number worked out from
            # the user's own figures, then the formula it comes from, citing its passage.
            computed = replace(formula, text=calculation.text)
            lead_points = [computed, formula]
        asset = self.named_soft_asset(view.revision, u) if u.kind in SOFT_ASSET_KINDS else None
        soft_point = None
        if asset is not None:
            soft_point = fact_points.get(SOFT_ASSET_FACT) or self.point_of(
                view, SOFT_ASSET_FACT, u, groups
            )
        if asset is not None and soft_point is not None:
            # "Can I send their CFO the Northwind brochure?": not as it stands, and why.
            said = self.reply(u.language, "soft_asset", title=asset.title, score=asset.review_score)
            lead_points = [replace(soft_point, text=said), *lead_points]
        gaps = self.role_gaps(view, u, groups)
        if gaps:
            # "We have their maintenance head and a buyer: who are we missing?" opens with the
            # roles of the six left uncovered, then how to map the rest.
            lead_points, leads = gaps, []
        second = self.second_question(u, leads, scored)
        second_points: list[Point] = []
        if second is not None:
            # "Who is the filter, and what do I send so they let me through?": the fact that
            # answers the second question about the same slot opens the answer too, after the
            # account's person in that role.
            leads = [*leads, second]
            second_points = [fact_points[second.fact.id]]
        covered = {family for s in leads for family in s.matched}
        others = [s for s in scored if s not in leads]
        for candidate in others:
            point = fact_points[candidate.fact.id]
            point.score += self.rules.fact_bonus
            if candidate.matched.keys() - covered:
                # It answers a part of the question the opening does not (a concept next to
                # the role): worth a point even when it shares few words with the question.
                point.score += self.rules.other_slot_bonus
            if candidate.leads:
                # It answers the asked kind too (what the stage needs next to what the role
                # reads at it): a curated answer beats a sentence that only shares words.
                point.score += self.rules.kind_fact_bonus
        pool = [fact_points[s.fact.id] for s in others] + points
        pool.sort(key=lambda p: -p.score)
        chosen = lead_points + second_points
        persona_points = self.persona_points(view, u, persona)
        support: list[Point] = []
        for point in pool:
            if len(support) == self.rules.max_support or point.score < self.rules.support_min:
                break
            if point in chosen or repeats(point, chosen + support):
                continue
            # A sentence that says all a chosen supporting one says and more takes its place
            # ("A segment is small enough when one message fits every contact" then the same
            # sentence with the 50-contact floor): never both.
            narrower = [other for other in support if repeats(other, [point])]
            if narrower:
                support = [other for other in support if other not in narrower]
            support.append(point)
        opening = ([verdict] if verdict else []) + [p for p in persona_points if p.opens]
        members = [p for p in persona_points if not p.opens]
        return self.render(u, opening + beside_roles(lead_points, members, second_points), support)

    def point_of(
        self,
        view: RevisionCache,
        fact_id: str,
        u: Understanding,
        groups: list[tuple[frozenset[str], float]],
    ) -> Point | None:
        """A fact chosen by id rather than by the question's slots, on its cited passage."""
        fact = next(f for f in all_facts() if f.id == fact_id)
        return self.fact_point(view, ScoredFact(fact, 0.0, True, {}), u, groups)

    def role_gaps(
        self, view: RevisionCache, u: Understanding, groups: list[tuple[frozenset[str], float]]
    ) -> list[Point]:
        """The roles the message names and the ones of the six still missing, said on the
        passage about mapping a buying center, then that passage's own advice."""
        if not u.gaps:
            return []
        point = self.point_of(view, GAPS_FACT, u, groups)
        if point is None:
            return []
        words = wording().of(u.language)
        have = [role for role in ROLES if role in u.roles]
        missing = [role for role in ROLES if role not in u.roles]
        text = words.gaps.format(have=words.role_list(have), missing=words.role_list(missing))
        return [replace(point, text=text), point]

    @staticmethod
    def second_question(
        u: Understanding, leads: list[ScoredFact], scored: list[ScoredFact]
    ) -> ScoredFact | None:
        """The best fact of the message's second question (`u.also`) about a slot the one
        opening fact answers; None for a single question or several opening facts."""
        if u.also is None or len(leads) != 1:
            return None
        opened = leads[0].pairs
        return next(
            (s for s in scored if s not in leads and u.also in s.fact.kinds and opened & s.pairs),
            None,
        )

    def prefer_near(self, points: list[Point], lead: list[Point], said: re.Pattern[str]) -> None:
        """Sentences saying what the question's kind asks for (a why-question's reason, a
        yes/no question's alternative), in the passages the answer draws on (the opening's,
        the best sentence's), are quoted and weigh more."""
        near = {p.hit.id for p in lead + points[:1] if p.hit is not None}
        for point in points:
            if point.hit is None or point.hit.id not in near or not point.telling:
                continue
            if said.search(point.text):
                point.quotable = True
                point.score += self.rules.why_bonus
        points.sort(key=lambda p: -p.score)

    def better_opening(
        self,
        u: Understanding,
        groups: list[tuple[frozenset[str], float]],
        opening: list[Point],
        facts: Iterable[Point],
        sentences: list[Point],
    ) -> Point | None:
        """A fact or sentence that answers what the question asks beyond its slot words far
        better than the opening does. The slot words ("segment", "gated", "DNS") already
        chose the opening, so only the question's other words ("how many sends", "how far
        apart") tell the candidates apart; the rival must hold at least `min_shared_words` of
        the telling ones among them (`key_word_share` of the rarest one's weight, so "not" does
        not count), and at least `lead_share` of their weight, `lead_margin` more than the
        opening."""
        named = slot_words(u)
        telling = [(group, weight) for group, weight in groups if not group & named]
        total = sum(weight for _, weight in telling)
        if not total:
            return None

        def share(point: Point) -> float:
            return sum(weight for group, weight in telling if group & point.terms) / total

        base = max(share(point) for point in opening)
        # A rival from a topic the slots do not point at shares words by chance ("incluir un
        # formulario en el boletín" is no question about the SPF record to "include" a CRM in).
        # The everyday "lead" points at no topic.
        precise = [metric for metric in u.metrics if ("metrics", metric) not in EVERYDAY]
        topics = set(u.model_copy(update={"metrics": precise}).topics)
        rivals = [
            p for p in (*facts, *sentences) if not topics or (p.hit and p.hit.topic in topics)
        ]
        best = max(rivals, key=share, default=None)
        if best is None or share(best) < max(self.rules.lead_share, base + self.rules.lead_margin):
            return None
        # On the whole question, slot words included, the opening fact still wins: measured on
        # what the rival says, not on its passage's search rank (facts carry no such rank).
        if best.score - best.prior <= max(point.score for point in opening):
            return None
        # Only the telling words count here, not the common ones among them ("לא", "not").
        key = self.rules.key_word_share * max(weight for _, weight in telling)
        telling_keys = [group for group, weight in telling if weight >= key]
        held = sum(1 for group in telling_keys if group & best.terms)
        return best if held >= self.rules.min_shared_words else None

    def grounding(self, u: Understanding, persona: Persona | None, limit: int = 4) -> list[Point]:
        """The facts a chat model gets with the question: the opening facts, the account's
        people in the asked roles, then the next best matching facts, each with its passage."""
        view = self.revision_cache()
        groups = self.weighted_groups(view, u)
        points: list[Point] = []
        for candidate in select_facts(u):
            point = self.fact_point(view, candidate, u, groups)
            if point is not None:
                point.score = candidate.score + LEAD_RELEVANCE * point.score
                points.append(point)
        points.sort(key=lambda p: -p.score)
        return points[:limit] + self.persona_points(view, u, persona)

    def fact_point(
        self,
        view: RevisionCache,
        scored: ScoredFact,
        u: Understanding,
        groups: list[tuple[frozenset[str], float]],
    ) -> Point | None:
        text = scored.fact.text(u.language)
        hit = self.section_hit(view, scored.fact, u.language, text)
        if hit is None:
            return None  # a fact is never stated without the passage it rests on
        score, terms = self.relevance(text, u.language, groups, u)
        return Point(text, score, hit=hit, fact=scored.fact, terms=terms)

    def persona_points(
        self, view: RevisionCache, u: Understanding, persona: Persona | None
    ) -> list[Point]:
        """With an account active or named: its people in the asked roles (title, pain,
        objection, channels), or the account's purchase when no role is asked; then the
        account's notes when the question speaks of them."""
        if persona is None:
            return []
        reply = self.reply
        asked = persona_words(u, persona)
        points: list[Point] = []
        for role in u.roles[:2]:
            member = next((m for m in persona.buying_center if m.role == role), None)
            if member is None and u.kind == "who":
                # "No purchasing department there: who does the buyer's job?" The account maps
                # nobody in that role; whoever decides often holds it too in a small company.
                points += self.unmapped_role(view, u, persona, role)
                continue
            hit = self.persona_hit(view, persona, role) if member else None
            if member is None or hit is None:
                continue
            parts = [
                reply(u.language, "persona_member", company=persona.company, title=member.title)
            ]
            details = [
                ("persona_pain", member.pains),
                ("persona_objection", member.objections),
                ("persona_channels", member.channels),
            ]
            if u.concern:
                # "What will he object to?": every objection, then the pain behind them.
                details[0], details[1] = details[1], details[0]
            elif u.kind == "what-to-send" or u.recipient:
                details.insert(0, details.pop())  # what to send: what they read comes first
            for key, values in details:
                if u.concern and key == "persona_objection":
                    parts += [reply(u.language, key, value=value) for value in values]
                elif values:
                    # The pain or objection the question speaks of, else the first one.
                    value = max(values, key=lambda v: len(asked & persona_terms(v, persona)))
                    parts.append(reply(u.language, key, value=value))
            # "Why is their MD hesitant?" is answered by the MD's objections; "who is she and
            # what worries her?" by her role first.
            opens = u.concern and u.kind != "who"
            points.append(Point(" ".join(parts), 1.0, hit=hit, opens=opens, role=role))
        account = self.persona_hit(view, persona, "account")
        if not points and account is not None:
            purchase = label("purchase_types", persona.purchase.type, u.language)
            if persona.purchase.strategic:
                purchase += reply(u.language, "persona_strategic")
            text = reply(
                u.language,
                "persona_account",
                company=persona.company,
                offering=persona.purchase.offering,
                purchase=purchase,
            )
            points.append(Point(text, 1.0, hit=account))
        notes, opens = self.account_notes(u, persona, asked)
        if notes and account is not None:
            text = reply(u.language, "persona_notes", company=persona.company, value=notes)
            points.append(Point(text, 1.0, hit=account, opens=opens))
        return points

    def purchase_verdict(
        self, view: RevisionCache, u: Understanding, persona: Persona | None
    ) -> Point | None:
        """A yes/no question naming a purchase type, asked of an account: whether the
        account's own purchase is that type, said first."""
        # "How do I classify it, is it a new purchase or what?" asks the yes/no second.
        if persona is None or "yes-no" not in (u.kind, u.also):
            return None
        own_types = asking_slots(u.focus, u.language)[1]["purchase_types"]
        if not own_types:
            return None  # the type describes the scene ("they only extend it… no risk, right?")
        # "They want to extend the tool. Is that a new purchase or what?": the type asked
        # about is the asking sentence's, not the scene's extension.
        asked = [t for t in own_types if t != "strategic"]
        if len(asked) != 1:
            return None
        hit = self.persona_hit(view, persona, "account")
        if hit is None:
            return None
        own = persona.purchase.type

        def name(kind: str) -> str:
            text = label("purchase_types", kind, u.language)
            return text[:1].lower() + text[1:]

        key = "persona_purchase_yes" if asked[0] == own else "persona_purchase_no"
        text = self.reply(
            u.language, key, company=persona.company, purchase=name(own), asked=name(asked[0])
        )
        return Point(text, 1.0, hit=hit, opens=True)

    def unmapped_role(
        self, view: RevisionCache, u: Understanding, persona: Persona, role: str
    ) -> list[Point]:
        holder = next((m for m in persona.buying_center if m.role == "decider"), None)
        hit = self.persona_hit(view, persona, "account")
        if holder is None or hit is None:
            return []
        text = self.reply(
            u.language,
            "persona_role_missing",
            company=persona.company,
            role=label("roles", role, u.language).casefold(),
            title=holder.title,
        )
        return [Point(text, 1.0, hit=hit, opens=True, role=role)]

    def account_notes(
        self, u: Understanding, persona: Persona, asked: frozenset[str]
    ) -> tuple[str, bool]:
        """The account's notes (how it buys: a public tender, a funding deadline) that answer
        the question: sentences sharing `NOTE_MIN_WORDS` of its words, or all of them when the
        question asks why or whether ("Vega del Tajo: can I still ask for a meeting?"): how
        the account buys is then what the answer rests on, in whatever language it is asked.
        Such a question that the notes also speak of ("Vega del Tajo: the tender is out, can I
        still ask for a sales meeting?") is answered by them first: they are about this
        account, the facts about any account."""
        sentences = split_sentences(persona.notes, persona.language) if persona.notes else []
        shared = [s for s in sentences if len(asked & persona_terms(s, persona)) >= NOTE_MIN_WORDS]
        if u.kind in NOTE_KINDS:
            return " ".join(sentences), bool(shared)
        return " ".join(shared), False

    def render(self, u: Understanding, lead: list[Point], support: list[Point]) -> Composed:
        citations: list[Citation] = []
        numbers: dict[str, int] = {}

        def cite(point: Point) -> str:
            assert point.hit is not None
            if point.hit.id not in numbers:
                citations.append(Citation.of(point.hit))
                numbers[point.hit.id] = len(citations)
            return f"[{numbers[point.hit.id]}]"

        opening = " ".join(f"{p.text} {cite(p)}" for p in lead)
        lines = [opening] + [f"- {p.text} {cite(p)}" for p in support]
        return Composed("\n".join(lines), citations, True, lead + support)

    def not_found(self, view: RevisionCache, u: Understanding, hits: list[Hit]) -> Composed:
        """Say plainly that the knowledge does not hold the answer; name the closest topic."""
        reply = self.reply
        guidance = [h for h in hits if h.topic] or hits
        if not guidance:
            return Composed(reply(u.language, "nothing_found"), [], False)
        closest = self.title_of(view, guidance[0])
        return Composed(reply(u.language, "not_in_knowledge", topic=closest), [], False)


@dataclass(frozen=True)
class OutsidePhrases:
    pattern: re.Pattern[str]  # any of them
    each: tuple[tuple[str, str, re.Pattern[str]], ...]  # subject, phrase, its pattern


@lru_cache(maxsize=4)
def outside_phrases(language: str) -> OutsidePhrases:
    """rules/understanding/<language>.yaml `outside`, compiled once per process."""
    subjects = lexicon(language).outside
    phrases = [phrase for group in subjects.values() for phrase in group]
    each = tuple(
        (subject, phrase, compile_terms([phrase], language))
        for subject, group in subjects.items()
        for phrase in group
    )
    return OutsidePhrases(compile_terms(phrases, language), each)


def known_groups(
    groups: list[tuple[frozenset[str], float]], idf: dict[str, float]
) -> list[tuple[frozenset[str], float]]:
    """The question's words some indexed passage holds: only those can be shared."""
    return [(group, weight) for group, weight in groups if any(term in idf for term in group)]


def decisive(scored: ScoredFact) -> bool:
    """A fact the question names precisely: a role, a stage, a purchase type or a metric
    (not the everyday word "lead")."""
    matched = scored.matched
    if matched.keys() & {"roles", "stages", "purchase_types"}:
        return True
    return any(metric != "lead" for metric in matched.get("metrics", []))


def beside_roles(
    lead: list[Point], members: list[Point], second: list[Point] | None = None
) -> list[Point]:
    """The account member right after the one opening fact about their role ("The decider
    chooses… At Neve Carmel this is the city's CEO."), so the person asked for is named in the
    answer's first lines; the answer to a second question follows them, then the account's
    other points. Two role facts (two people named) stay together first: which of them is
    asked is not known."""
    placed: list[Point] = []
    left = list(members)
    second = second or []
    if sum(1 for point in lead if point.fact and point.fact.when.get("roles")) != 1:
        return lead + second + left
    for point in lead:
        placed.append(point)
        roles = point.fact.when.get("roles", []) if point.fact else []
        member = next((m for m in left if len(roles) == 1 and m.role == roles[0]), None)
        if member is not None:
            placed.append(member)
            left.remove(member)
    return placed + second + left


def repeats(point: Point, chosen: list[Point]) -> bool:
    """Whether a sentence says what a chosen one already says (most of its words, or the
    same passage sentence)."""
    for other in chosen:
        if point.text == other.text:
            return True
        if point.terms and len(point.terms & other.terms) >= 0.7 * len(point.terms):
            return True
    return False


def build_revision_cache(lexical: LexicalIndex) -> RevisionCache:
    """Word weights (idf over every chunk) and the chunks of each guidance section."""
    df: dict[str, int] = {}
    by_section: dict[tuple[str, str, str], list[int]] = {}
    personas: dict[tuple[str, str], int] = {}
    texts: dict[str, list[str]] = {}
    for position, (document, metadata) in enumerate(
        zip(lexical.documents, lexical.metadatas, strict=True)
    ):
        language = str(metadata.get("language", "en"))
        texts.setdefault(language, []).append(document)
        for term in sentence_terms(document, language if language in LANGUAGES else "en"):
            df[term] = df.get(term, 0) + 1
        if metadata.get("persona_id"):
            personas[(str(metadata["persona_id"]), str(metadata.get("section", "")))] = position
        if metadata.get("kind") == "guidance":
            key = (str(metadata.get("topic", "")), language, str(metadata.get("section", "")))
            by_section.setdefault(key, []).append(position)
    total = max(len(lexical.ids), 1)
    idf = {term: math.log((total + 1) / (count + 0.5)) for term, count in df.items()}
    unknown = math.log((total + 1) / 0.5)
    joined = {language: "\n".join(chunks) for language, chunks in texts.items()}
    return RevisionCache(lexical.revision, lexical, idf, unknown, by_section, personas, joined)


__all__ = ["AnswerRules", "Composed", "Composer"]


def persona_terms(text: str, persona: Persona) -> frozenset[str]:
    return sentence_terms(text, persona.language)


def asked_member(u: Understanding, persona: Persona | None) -> BuyingCenterMember | None:
    """For a who-question that names no role, the account's person whose title, goals, pains
    and objections share the most of its telling words (at least `MEMBER_MIN_WORDS`, and more
    than anyone else's): "who is worried we could go bust?" is whoever objects to that."""
    if persona is None or u.kind != "who" or u.roles:
        return None
    asked = persona_words(u, persona)
    ranked = sorted(
        (
            (len(asked & persona_terms(" ".join(member_texts(member)), persona)), index)
            for index, member in enumerate(persona.buying_center)
        ),
        reverse=True,
    )
    if not ranked or ranked[0][0] < MEMBER_MIN_WORDS:
        return None
    if len(ranked) > 1 and ranked[1][0] == ranked[0][0]:
        return None  # two people fit as well: the question does not tell them apart
    return persona.buying_center[ranked[0][1]]


def member_texts(member: BuyingCenterMember) -> list[str]:
    return [member.title, *member.goals, *member.pains, *member.objections]


def persona_words(u: Understanding, persona: Persona) -> frozenset[str]:
    """The question's telling words, read as the persona file's language reads them (an
    account written in Spanish is asked about in Spanish, or in English with its own terms);
    the account's name and the words that only shape a question are left out."""
    found = persona_terms(u.focus, persona)
    if u.language != persona.language:
        found |= sentence_terms(u.focus, u.language)
    plain = question_terms(u.language) | question_terms(persona.language)
    return found - persona_terms(persona.company, persona) - plain
