"""One conversation that does everything: questions, plans, reviews, email checks, briefs.

Offline, a deterministic engine recognises the request (rules/chat.yaml), calls the library and
writes a grounded reply in the user's language. With a chat model configured, the agent in
`assistant.agent` answers instead and falls back to this engine when the model fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.answering import AnswerRules, Composer
from assistant.config import Settings
from assistant.domain import LANGUAGES, Language, label
from assistant.facts import roles_by_content
from assistant.language import detect_language, read_as_typed
from assistant.personas import Persona, load_personas
from assistant.results import AnswerData, BriefData, EmailData, PlanData, ReviewData
from assistant.retrieval import Citation, Retriever
from assistant.rules import RuleModel, load
from assistant.text import compile_terms, fill, split_sentences
from assistant.understanding import (
    Understanding,
    detect_kind,
    mentioned_persona,
    message_language,
    understand,
)

Intent = Literal["question", "plan", "review", "email", "brief"]
QUESTION_MARK_RE = re.compile(r"[?¿؟]")
NUMBER_RE = re.compile(r"(\d[\d.,\s]*\d|\d)\s*([kK]|mil|אלף)?")
PENDING_WORDS = 8  # a reply this short to "which account?" is an answer, not a new request


class PendingRequest(BaseModel):
    """A request that waits for one missing piece (which account?), kept in the conversation."""

    intent: Literal["plan", "brief"]
    message: str
    missing: Literal["persona"] = "persona"


class TurnContext(BaseModel):
    """What the next message may lean on: the question understood in this turn and the
    request still waiting for an answer. Stored with the answer, so a conversation resumed
    from history (terminal or page) continues where it stopped."""

    understanding: Understanding | None = None
    pending: PendingRequest | None = None


class Answer(BaseModel):
    """What `assistant ask` prints; the page renders it. Citations are numbered [1], [2]…"""

    answer: str
    language: str
    mode: Literal["offline", "llm"]
    citations: list[Citation] = Field(default_factory=list)
    intent: str = "question"
    notice: str = ""
    data: AnswerData | None = Field(None, description="the plan, review, email check or brief")
    in_knowledge: bool = Field(True, description="false when the knowledge holds no answer")
    context: TurnContext = Field(default_factory=TurnContext, exclude=False)


class Cues(RuleModel):
    en: list[str]
    es: list[str]
    he: list[str]

    def all(self) -> list[str]:
        return self.en + self.es + self.he


class IntentCues(RuleModel):
    email: Cues
    email_markup: list[str]
    brief: Cues
    plan: Cues
    review: Cues
    pasted_copy_words: int
    statement_copy_words: int
    question_openers: Cues
    asking_patterns: Cues
    reader_words: Cues
    self_words: Cues


class ChatRules(RuleModel):
    """rules/chat.yaml: how the offline engine recognises requests, and its fixed replies."""

    intents: IntentCues
    objectives: dict[str, list[str]]
    answer: AnswerRules
    replies: dict[Language, dict[str, str]]


def chat_rules() -> ChatRules:
    return load("rules/chat.yaml", ChatRules)


def reply(language: str, key: str, **values: Any) -> str:
    return fill(chat_rules().replies[language][key], language, **values)  # type: ignore[index]


@lru_cache(maxsize=8)
def intent_patterns(intent: str) -> tuple[re.Pattern[str], ...]:
    """One whole-word pattern per language for an intent's cues ("brief" is not "briefly")."""
    cues: Cues = getattr(chat_rules().intents, intent)
    return tuple(compile_terms(getattr(cues, lang), lang) for lang in LANGUAGES)


def sells(sentence: str) -> bool:
    """A closing question put to the reader ("Ready to cut your costs?", "What are you waiting
    for?"): copy's call to action, not a marketer asking us."""
    to_reader = any(p.search(sentence) for p in intent_patterns("reader_words"))
    return to_reader and not any(p.search(sentence) for p in intent_patterns("self_words"))


@lru_cache(maxsize=1)
def asking_patterns() -> tuple[re.Pattern[str], ...]:
    """rules/chat.yaml `intents.asking_patterns`: a sentence that asks further in."""
    cues = chat_rules().intents.asking_patterns
    return tuple(re.compile(p, re.IGNORECASE) for p in cues.all())


def detect_intent(message: str, language: str) -> Intent:
    """Pasted email source, then cue phrases of every language (users mix them), then pasted
    copy means review."""
    pasted = pasted_kind(read_as_typed(message, language))  # "q le envío" asks like "qué"
    if pasted == "email":
        return "email"
    for intent in ("email", "brief", "plan", "review"):
        if any(pattern.search(message) for pattern in intent_patterns(intent)):
            return intent  # type: ignore[return-value]
    if pasted == "copy":
        return "review"
    return "question"


INFORMATION_KINDS = frozenset({"who", "how-many", "define", "why", "compare"})


def asked_kind(message: str, language: str) -> str | None:
    """The kind of answer a message asks for, read as typed (shorthand written out)."""
    return detect_kind(read_as_typed(message, language), language)


def pasted_kind(message: str) -> Literal["email", "copy"] | None:
    """Whether the message is pasted material rather than a request: email source, or copy
    (long, or several sentences without a question mark)."""
    intents = chat_rules().intents
    lowered = message.casefold()
    if any(marker in lowered for marker in intents.email_markup):
        return "email"
    words = len(message.split())
    sentences = split_sentences(message)
    if words >= intents.pasted_copy_words:
        # A long account of a deal that ends by asking ("…No parece que sea quien elige al
        # final. ¿Qué rol es esta persona?") is a question; copy's closing line is a claim or
        # a call to action, and a pasted email has paragraphs.
        if "\n\n" not in message.strip() and QUESTION_MARK_RE.search(sentences[-1]):
            last = closing_question(sentences, detect_language(message))
            if last is not None and not sells(last):
                return None
        return "copy"
    if (
        words < intents.statement_copy_words
        or QUESTION_MARK_RE.search(message)
        or len(sentences) < 2
    ):
        return None
    language = detect_language(message)
    if closing_question(sentences, language) is not None:
        return None
    # A short text that asks why anywhere ("…and my boss says it won't work. למה זה…") is a
    # question about copy: copy gives reasons, it does not ask for them.
    return "copy" if asked_kind(message, language) != "why" else None


def closing_question(sentences: list[str], language: str) -> str | None:
    """The last sentence, read as typed, when it asks: it opens with a question word or asks
    further in ("…three finalists... who runs that cut", "q le envio sin parecer pesados" as
    "qué le envío…"); None when it does not."""
    last = read_as_typed(sentences[-1].lstrip("¿¡-–—.… "), language)
    asks = any(p.match(last) for p in intent_patterns("question_openers")) or any(
        p.search(last) for p in asking_patterns()
    )
    return last if asks else None


def parse_budget(message: str) -> float | None:
    """The number after a budget word, or the largest number ≥ 100 in the message."""
    found = []
    for match in NUMBER_RE.finditer(message):
        digits = re.sub(r"[\s,]", "", match.group(1))
        if digits.count(".") > 1 or (digits.count(".") == 1 and len(digits.split(".")[1]) == 3):
            digits = digits.replace(".", "")
        try:
            value = float(digits)
        except ValueError:
            continue
        if match.group(2):
            value *= 1000
        found.append(value)
    candidates = [value for value in found if value >= 100]
    return max(candidates) if candidates else None


def copy_after_request(message: str) -> str:
    """The pasted text: after the first colon or line break when the request comes first."""
    for separator in ("\n", ":"):
        head, _, tail = message.partition(separator)
        if tail.strip() and len(head.split()) <= 12:
            return tail.strip()
    return message.strip()


class ChatEngine:
    """The offline engine; loads the retriever and personas once per process or page."""

    def __init__(self, settings: Settings, retriever: Retriever | None = None) -> None:
        self.settings = settings
        self.retriever = retriever or Retriever(settings)
        self.composer = Composer(settings, self.retriever, chat_rules().answer, reply)
        self._personas: tuple[tuple[tuple[str, int, int], ...], list[Persona]] | None = None

    def personas(self) -> list[Persona]:
        """The valid personas, read again only when a persona file changes (parsing YAML on
        every answer cost more than the answer itself)."""
        folder = self.settings.knowledge_dir / "personas"
        files = sorted(folder.glob("*.y*ml")) if folder.is_dir() else []
        signature = tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files)
        if self._personas is None or self._personas[0] != signature:
            self._personas = (signature, load_personas(folder)[0])
        return self._personas[1]

    def message_language(self, message: str) -> Language:
        """The language the user writes in ("Who buys at Frescos del Bajío?" is English)."""
        return message_language(message, self.personas())

    def answer(
        self, message: str, persona_id: str | None = None, context: TurnContext | None = None
    ) -> Answer:
        """One turn. `context` is the previous answer's: a follow-up inherits its question's
        slots, and a reply to "which account?" completes the waiting request."""
        context = context or TurnContext()
        language = self.message_language(message)
        if context.pending is not None:
            completed = self._complete(message, language, persona_id, context.pending)
            if completed is not None:
                return completed
        # "plan the email for segment 3"; "why segment the list so finely?" asks about segmenting
        kind = asked_kind(message, language)
        asks = kind in INFORMATION_KINDS  # asks about a plan or brief rather than for one
        # A yes/no or how-to question about a segment's email orders its plan only in words.
        question = kind in ("yes-no", "how-to")
        segment = None if asks else self._segment(message, language, question)
        if segment is not None:
            return segment
        intent = detect_intent(message, language)
        if intent in ("plan", "brief") and asks:
            intent = "question"  # "how many stages go into their content plan?" asks, not orders
        elif intent == "plan" and kind == "how-to" and self._persona(message, persona_id) is None:
            # "How do we build a content plan for a first-time buyer?" with no account asks
            # how such plans differ: answered from the guidance, not by asking "which account?".
            intent = "question"
        if intent == "question":
            return self._question(message, language, persona_id, context.understanding)
        handler = {
            "plan": self._plan,
            "review": self._review,
            "email": self._email,
            "brief": self._brief,
        }[intent]
        answer = handler(message, language, persona_id)
        if intent == "review":
            # A statement reviewed as copy may be the scene of the next question ("We spent
            # 20k EUR for 500 leads…" then "so what did each deal cost?"): kept to lean on.
            answer.context = TurnContext(understanding=self.understand(message, persona_id)[0])
        return answer

    def stream(
        self, message: str, persona_id: str | None = None, context: TurnContext | None = None
    ) -> Iterator[str | Answer]:
        """Word by word, then the full Answer last: the page streams both modes alike."""
        answer = self.answer(message, persona_id, context)
        for word in re.split(r"(\s+)", answer.answer):
            if word:
                yield word
        yield answer

    def understand(
        self, message: str, persona_id: str | None = None, context: TurnContext | None = None
    ) -> tuple[Understanding, Persona | None]:
        """The question's slots, and the account it concerns (named, else the active one)."""
        personas = self.personas()
        active = next((p for p in personas if p.id == persona_id), None)
        previous = context.understanding if context else None
        understood = understand(message, None, previous, personas, active)
        named = next((p for p in personas if p.id == understood.persona_id), None)
        account = named or active
        asks_person = understood.kind == "who" and (understood.recipient or account is not None)
        if asks_person and not understood.roles:
            understood.roles = roles_by_content(understood, account)
        return understood, account

    def _question(
        self,
        message: str,
        language: str,
        persona_id: str | None,
        previous: Understanding | None,
    ) -> Answer:
        understood, persona = self.understand(
            message, persona_id, TurnContext(understanding=previous)
        )
        composed = self.composer.compose(understood, persona)
        return Answer(
            answer=composed.text,
            language=language,
            mode="offline",
            citations=composed.citations,
            in_knowledge=composed.in_knowledge,
            context=TurnContext(understanding=understood),
        )

    def _complete(
        self, message: str, language: str, persona_id: str | None, pending: PendingRequest
    ) -> Answer | None:
        """Finish a request that waited for an account, when this message names one; a new
        request of its own (long, or with its own intent) drops the waiting one."""
        named = mentioned_persona(message, self.personas())
        if named is None:
            return None
        if len(message.split()) > PENDING_WORDS and detect_intent(message, language) != "question":
            return None
        handler = self._plan if pending.intent == "plan" else self._brief
        original = detect_language(pending.message)
        return handler(pending.message, original, named.id)

    def _segment(self, message: str, language: str, question: bool) -> Answer | None:
        """A plan for a segment of the last segmentation (assistant/segment_plans.py)."""
        from assistant.segment_plans import segment_chat_reply

        reply_ = segment_chat_reply(self.settings, self.retriever, message, language, question)
        if reply_ is None:
            return None
        text, citations, plan = reply_
        return Answer(
            answer=text,
            language=language,
            mode="offline",
            intent="plan",
            citations=citations,
            data=PlanData(plan=plan) if plan is not None else None,
        )

    def _persona(self, message: str, persona_id: str | None) -> Persona | None:
        personas = self.personas()
        named = mentioned_persona(message, personas)
        if named is not None:
            return named
        return next((p for p in personas if p.id == persona_id), None)

    def _ask_for_persona(
        self, message: str, language: str, intent: Literal["plan", "brief"]
    ) -> Answer:
        names = ", ".join(p.company for p in self.personas())
        return Answer(
            answer=reply(language, "need_persona", personas=names),
            language=language,
            mode="offline",
            intent=intent,
            context=TurnContext(pending=PendingRequest(intent=intent, message=message)),
        )

    def _plan(self, message: str, language: str, persona_id: str | None) -> Answer:
        from assistant.planner import make_plan

        persona = self._persona(message, persona_id)
        if persona is None:
            return self._ask_for_persona(message, language, "plan")
        # "a content plan for the purchasing manager at negotiation": the roles and stages the
        # request names scope the plan, read by the same understanding as questions.
        asked, _ = self.understand(message, persona.id)
        plan = make_plan(
            self.settings,
            persona,
            retriever=self.retriever,
            roles=asked.roles or None,
            stages=asked.stages or None,
            language=language,
        )
        purchase = label("purchase_types", persona.purchase.type, language)
        lines = [reply(language, "plan_intro", company=persona.company, purchase=purchase)]
        citations: list[Citation] = []
        shown = 0
        for cell in plan.cells:
            for suggestion in cell.suggestions[:1]:
                if shown == 4:
                    break
                guidance = next((c for c in suggestion.citations if c.topic), None)
                marker = ""
                if guidance is not None:
                    citations.append(guidance)
                    marker = f" [{len(citations)}]"
                role = label("roles", cell.role, language)
                stage = label("stages", cell.stage, language)
                lines.append(
                    f"- **{role} · {stage}:** {suggestion.title} — {suggestion.cta}{marker}"
                )
                shown += 1
        total = sum(len(c.suggestions) for c in plan.cells)
        if total > shown:
            lines.append(reply(language, "plan_more", count=total - shown))
        return Answer(
            answer="\n".join(lines),
            language=language,
            mode="offline",
            intent="plan",
            citations=citations,
            data=PlanData(plan=plan),
        )

    def _review(self, message: str, language: str, persona_id: str | None) -> Answer:
        from assistant.review import knowledge_lookup, review_copy

        copy = copy_after_request(message)
        if len(copy.split()) < 3:
            return Answer(
                answer=reply(language, "need_copy"),
                language=language,
                mode="offline",
                intent="review",
            )
        copy_language = detect_language(copy)
        known = knowledge_lookup(self.retriever)
        result = review_copy(copy, language=copy_language, known_passages=known)
        verdict = reply(language, result.verdict)
        lines = [reply(language, "review_intro", score=result.score, verdict=verdict)]
        warnings = [f for f in result.findings if f.severity != "info"]
        for finding in warnings[:5]:
            lines.append(f"- “{finding.excerpt}”: {finding.message} {finding.suggestion}")
        if not warnings:
            lines.append(reply(language, "review_clean"))
        elif len(warnings) > 5:
            lines.append(reply(language, "review_more", count=len(warnings) - 5))
        return Answer(
            answer="\n".join(lines),
            language=language,
            mode="offline",
            intent="review",
            data=ReviewData(text=copy, review=result),
        )

    def _email(self, message: str, language: str, persona_id: str | None) -> Answer:
        from assistant.email_check import check_email, summary_lines

        start = min(
            (i for i in (message.find("<"), message.lower().find("content-type:")) if i >= 0),
            default=0,
        )
        report = check_email(message[start:].encode("utf-8"), name="<chat>", language=language)
        return Answer(
            answer="\n".join(summary_lines(report)),
            language=language,
            mode="offline",
            intent="email",
            data=EmailData(report=report),
        )

    def _brief(self, message: str, language: str, persona_id: str | None) -> Answer:
        from assistant.briefs import BriefOptions, make_brief, objective_label
        from assistant.numbers import format_money, format_number

        persona = self._persona(message, persona_id)
        if persona is None:
            return self._ask_for_persona(message, language, "brief")
        objective = detect_objective(message)
        budget = parse_budget(message)
        brief = make_brief(
            self.settings,
            persona,
            BriefOptions(objective=objective, budget=budget, language=language),
            retriever=self.retriever,
        )
        stage = label("stages", brief.stage, language)
        lines = [
            reply(
                language,
                "brief_intro",
                company=persona.company,
                objective=objective_label(objective, language),
                stage=stage,
                fit=brief.stage_fit.verdict,
            )
        ]
        citations: list[Citation] = []
        for message_item in brief.key_messages[:3]:
            lines.append(
                f"- **{label('roles', message_item.role, language)}:** {message_item.message}"
            )
        if brief.funnel is not None:
            f = brief.funnel
            lines.append(
                reply(
                    language,
                    "brief_funnel",
                    budget=format_money(f.budget, f.currency, language),
                    leads=format_number(f.leads, language),
                    mqls=format_number(f.mqls, language),
                    sqls=format_number(f.sqls, language),
                    deals=format_number(f.deals, language),
                )
            )
            lines += [f"- {warning}" for warning in f.warnings]
        for citation in brief.citations:
            if citation.topic and len(citations) < 3:
                citations.append(citation)
        if citations:
            lines.append(" ".join(f"[{n}]" for n in range(1, len(citations) + 1)))
        return Answer(
            answer="\n".join(lines),
            language=language,
            mode="offline",
            intent="brief",
            citations=citations,
            data=BriefData(brief=brief),
        )


def detect_objective(message: str) -> str:
    lowered = message.casefold()
    for objective, cues in chat_rules().objectives.items():
        if any(cue.casefold() in lowered for cue in cues):
            return objective
    return "lead-generation"
