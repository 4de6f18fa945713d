"""One conversation that does everything: questions, plans, reviews, email checks, briefs.

Offline, a deterministic engine recognises the request (rules/chat.yaml), calls the library and
writes a grounded reply in the user's language. With a chat model configured, the agent in
`assistant.agent` answers instead and falls back to this engine when the model fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.config import Settings
from assistant.domain import Language, label
from assistant.language import detect_language, index_terms
from assistant.personas import Persona, load_personas
from assistant.retrieval import Citation, Hit, Retriever
from assistant.rules import RuleModel, load
from assistant.text import split_sentences

KNOWLEDGE_KINDS_WITHOUT_PERSONAS = ("guidance", "content", "document")

Intent = Literal["question", "plan", "review", "email", "brief"]
QUESTION_MARK_RE = re.compile(r"[?¿؟]")
NUMBER_RE = re.compile(r"(\d[\d.,\s]*\d|\d)\s*([kK]|mil|אלף)?")


class Answer(BaseModel):
    """What `assistant ask` prints; the page renders it. Citations are numbered [1], [2]…"""

    answer: str
    language: str
    mode: Literal["offline", "llm"]
    citations: list[Citation] = Field(default_factory=list)
    intent: str = "question"
    notice: str = ""
    data: dict[str, Any] | None = Field(None, description="the plan, review or brief shown")


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


class ChatRules(RuleModel):
    """rules/chat.yaml: how the offline engine recognises requests, and its fixed replies."""

    intents: IntentCues
    objectives: dict[str, list[str]]
    replies: dict[Language, dict[str, str]]


def chat_rules() -> ChatRules:
    return load("rules/chat.yaml", ChatRules)


def reply(language: str, key: str, **values: Any) -> str:
    return chat_rules().replies[language][key].format(**values)  # type: ignore[index]


def detect_intent(message: str, language: str) -> Intent:
    """Pasted email source, then cue phrases of every language (users mix them), then pasted
    copy means review."""
    pasted = pasted_kind(message)
    if pasted == "email":
        return "email"
    lowered = message.casefold()
    intents = chat_rules().intents
    for intent in ("email", "brief", "plan", "review"):
        cues: Cues = getattr(intents, intent)
        if any(cue.casefold() in lowered for cue in cues.all()):
            return intent  # type: ignore[return-value]
    if pasted == "copy":
        return "review"
    return "question"


def pasted_kind(message: str) -> Literal["email", "copy"] | None:
    """Whether the message is pasted material rather than a request: email source, or copy
    (long, or several sentences without a question mark)."""
    intents = chat_rules().intents
    lowered = message.casefold()
    if any(marker in lowered for marker in intents.email_markup):
        return "email"
    words = len(message.split())
    if words >= intents.pasted_copy_words:
        return "copy"
    reads_as_copy = not QUESTION_MARK_RE.search(message) and len(split_sentences(message)) >= 2
    if words >= intents.statement_copy_words and reads_as_copy:
        return "copy"
    return None


def mentioned_persona(message: str, personas: list[Persona]) -> Persona | None:
    """A persona named by id, company name or the company's first distinctive word."""
    lowered = message.casefold()
    for persona in personas:
        company = persona.company.casefold()
        first = company.split()[0] if company.split() else ""
        if persona.id in lowered or company in lowered or (len(first) >= 4 and first in lowered):
            return persona
    return None


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


def best_sentences(text: str, terms: set[str], language: str, count: int = 2) -> str:
    """The sentences of a passage that share the most words with the question, in order."""
    sentences = split_sentences(text, language)
    if not sentences:
        return ""
    scored = [
        (len(terms & set(index_terms(sentence, language))), -index)
        for index, sentence in enumerate(sentences)
    ]
    chosen = sorted(sorted(range(len(sentences)), key=lambda i: scored[i], reverse=True)[:count])
    return " ".join(sentences[i] for i in chosen)


def synthesise(question: str, hits: list[Hit], language: str) -> tuple[str, list[Citation]]:
    """A short answer made of the most relevant sentences of the top passages, each cited."""
    terms = set(index_terms(question, language))
    lines = [reply(language, "from_guidance")]
    citations: list[Citation] = []
    for hit in hits[:3]:
        sentence = best_sentences(hit.text, terms, hit.language)
        if not sentence:
            continue
        citations.append(Citation.of(hit))
        lines.append(f"- {sentence} [{len(citations)}]")
    return "\n".join(lines), citations


class ChatEngine:
    """The offline engine; loads the retriever and personas once per process or page."""

    def __init__(self, settings: Settings, retriever: Retriever | None = None) -> None:
        self.settings = settings
        self.retriever = retriever or Retriever(settings)

    def personas(self) -> list[Persona]:
        return load_personas(self.settings.knowledge_dir / "personas")[0]

    def answer(self, message: str, persona_id: str | None = None) -> Answer:
        language = detect_language(message)
        intent = detect_intent(message, language)
        handler = {
            "question": self._question,
            "plan": self._plan,
            "review": self._review,
            "email": self._email,
            "brief": self._brief,
        }[intent]
        return handler(message, language, persona_id)

    def stream(self, message: str, persona_id: str | None = None) -> Iterator[str | Answer]:
        """Word by word, then the full Answer last: the page streams both modes alike."""
        answer = self.answer(message, persona_id)
        for word in re.split(r"(\s+)", answer.answer):
            if word:
                yield word
        yield answer

    def _question(self, message: str, language: str, persona_id: str | None) -> Answer:
        # Guidance answers; the account's own file joins only when that account is active or
        # named in the message (its best-matching buying-center member first).
        persona = self._persona(message, persona_id)
        hits = self.retriever.search(
            message, k=4, language=language, kinds=KNOWLEDGE_KINDS_WITHOUT_PERSONAS
        ).hits
        if persona is not None:
            account = self.retriever.search(
                message, k=1, language=language, persona_id=persona.id, kinds=("persona",)
            ).hits
            hits = account + hits[:3]
        if not hits:
            return Answer(
                answer=reply(language, "nothing_found"), language=language, mode="offline"
            )
        text, citations = synthesise(message, hits, language)
        return Answer(answer=text, language=language, mode="offline", citations=citations)

    def _persona(self, message: str, persona_id: str | None) -> Persona | None:
        personas = self.personas()
        named = mentioned_persona(message, personas)
        if named is not None:
            return named
        return next((p for p in personas if p.id == persona_id), None)

    def _ask_for_persona(self, language: str, intent: str) -> Answer:
        names = ", ".join(f"{p.company} ({p.id})" for p in self.personas())
        return Answer(
            answer=reply(language, "need_persona", personas=names),
            language=language,
            mode="offline",
            intent=intent,
        )

    def _plan(self, message: str, language: str, persona_id: str | None) -> Answer:
        from assistant.planner import make_plan

        persona = self._persona(message, persona_id)
        if persona is None:
            return self._ask_for_persona(language, "plan")
        plan = make_plan(
            self.settings, persona_id=persona.id, language=language, retriever=self.retriever
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
            data=plan.model_dump(mode="json"),
        )

    def _review(self, message: str, language: str, persona_id: str | None) -> Answer:
        from assistant.review import review_copy

        copy = copy_after_request(message)
        if len(copy.split()) < 3:
            return Answer(
                answer=reply(language, "need_copy"),
                language=language,
                mode="offline",
                intent="review",
            )
        copy_language = detect_language(copy)
        result = review_copy(copy, language=copy_language)
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
            data={"text": copy, **result.model_dump(mode="json")},
        )

    def _email(self, message: str, language: str, persona_id: str | None) -> Answer:
        from assistant.email_check import check_email

        start = min(
            (i for i in (message.find("<"), message.lower().find("content-type:")) if i >= 0),
            default=0,
        )
        report = check_email(message[start:].encode("utf-8"), name="<chat>")
        errors = sum(f.severity == "error" for f in report.findings)
        warnings = sum(f.severity == "warning" for f in report.findings)
        lines = [
            reply(
                language,
                "email_intro",
                count=len(report.findings),
                errors=errors,
                warnings=warnings,
            )
        ]
        for finding in [f for f in report.findings if f.severity != "info"][:6]:
            lines.append(f"- **{finding.rule}:** {finding.message} ({finding.evidence})")
        if not errors and not warnings:
            lines.append(reply(language, "email_clean"))
        return Answer(
            answer="\n".join(lines),
            language=language,
            mode="offline",
            intent="email",
            data=report.model_dump(mode="json"),
        )

    def _brief(self, message: str, language: str, persona_id: str | None) -> Answer:
        from assistant.briefs import make_brief

        persona = self._persona(message, persona_id)
        if persona is None:
            return self._ask_for_persona(language, "brief")
        objective = detect_objective(message)
        budget = parse_budget(message)
        brief = make_brief(
            self.settings,
            persona_id=persona.id,
            objective=objective,
            budget=budget,
            language=language,
            retriever=self.retriever,
        )
        stage = label("stages", brief.stage, language)
        lines = [
            reply(
                language,
                "brief_intro",
                company=persona.company,
                objective=objective,
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
                    budget=f"{f.budget:,.0f}",
                    leads=f.leads,
                    mqls=f.mqls,
                    sqls=f.sqls,
                    deals=f"{f.deals:g}",
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
            data=brief.model_dump(mode="json"),
        )


def detect_objective(message: str) -> str:
    lowered = message.casefold()
    for objective, cues in chat_rules().objectives.items():
        if any(cue.casefold() in lowered for cue in cues):
            return objective
    return "lead-generation"


def answer_offline(settings: Settings, message: str, persona_id: str | None = None) -> Answer:
    """Convenience for one question (the CLI's `ask`)."""
    if not message.strip():
        from assistant.errors import InputError

        raise InputError("empty question", field="QUESTION")
    return ChatEngine(settings).answer(message, persona_id)
