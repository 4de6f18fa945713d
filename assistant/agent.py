"""The chat-model mode: a LangChain agent with our tools, checked citations and an offline fallback.

Retrieved passages and user copy reach the model only inside tags that the system prompt
declares to be data. The answer may cite only chunk ids the tools returned in this turn;
anything else is dropped. Every answer runs under a budget (ASSISTANT_LLM_DEADLINE,
ASSISTANT_LLM_MAX_ANSWER_CHARS) and stops reading when its consumer goes away. When the
model fails (auth, rate limit, timeout, server error, a reply that is not a completion, a
broken stream, endless tool calls, the budget) the offline engine answers with a notice.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from assistant.chat import Answer, ChatEngine, TurnContext, detect_intent, pasted_kind, reply
from assistant.config import Settings
from assistant.domain import label, language_name
from assistant.errors import AssistantError, InputError
from assistant.injection import LeakGuard, quoted
from assistant.llm import AnswerBudget, Failure, make_chat_model, model_failure
from assistant.prompts import load_prompt
from assistant.results import AnswerData, BriefData, EmailData, PlanData, ReviewData
from assistant.retrieval import Citation
from assistant.understanding import Understanding

if TYPE_CHECKING:
    from assistant.planner import ContentPlan

CITATION_RE = re.compile(r"\[([^\[\]\s]+#\d+)\]")
RECURSION_LIMIT = 12


def user_content(message: str, language: str) -> str:
    """Pasted copy and email source go to the model as quoted data, so instructions hidden in
    them cannot steer it (whatever cue words they contain); questions go as they are."""
    kind = pasted_kind(message)
    if kind is None and (detect_intent(message, language) == "review" or len(message) > 2000):
        kind = "copy"
    if kind is None:
        return message
    return f"{reply(language, f'pasted_{kind}')}\n{quoted(kind, message)}"


def reading(understood: Understanding) -> str:
    """The question's slots in words (labels in the user's language, never raw ids)."""
    language = understood.language
    parts = [f"kind of answer: {understood.kind}"]
    if understood.roles:
        parts.append("roles: " + ", ".join(label("roles", r, language) for r in understood.roles))
    if understood.stages:
        parts.append(
            "stages: " + ", ".join(label("stages", s, language) for s in understood.stages)
        )
    for family in ("purchase_types", "metrics", "channels", "concepts"):
        values = understood.slots(family)
        if values:
            parts.append(f"{family.replace('_', ' ')}: {', '.join(values)}")
    return "; ".join(parts)


def answer_text(chunk: Any, metadata: dict[str, Any]) -> str:
    """The text a streamed message adds to the final answer ('' for tool calls and results)."""
    from langchain_core.messages import AIMessage, AIMessageChunk

    if not isinstance(chunk, AIMessage | AIMessageChunk) or chunk.tool_calls:
        return ""
    if isinstance(chunk, AIMessageChunk) and chunk.tool_call_chunks:
        return ""
    if metadata.get("langgraph_node") != "model" or not isinstance(chunk.content, str):
        return ""
    return chunk.content


def check_message(message: str, settings: Settings) -> None:
    """The message cap of every surface (CLI, page): one readable sentence when over it."""
    if not isinstance(message, str) or not message.strip():
        raise InputError("is empty", field="message")
    limit = settings.max_message_chars
    if len(message) > limit:
        raise InputError(
            f"is {len(message):,} characters; the limit is {limit:,} (ASSISTANT_MAX_MESSAGE_CHARS)",
            field="message",
        )


class TurnRecord:
    """What the tools returned during one turn: the only citations the answer may use."""

    def __init__(self) -> None:
        self.citations: dict[str, Citation] = {}
        self.data: AnswerData | None = None
        self.intent = "question"

    def add(self, citations: list[Citation]) -> None:
        for citation in citations:
            self.citations.setdefault(citation.chunk_id, citation)


def build_tools(engine: ChatEngine, record: TurnRecord, persona_id: str | None) -> list[Any]:
    from langchain_core.tools import tool

    settings = engine.settings

    @tool
    def retrieve_guidance(query: str) -> str:
        """Search the B2B marketing guidance and the team's documents; returns cited passages."""
        hits = engine.retriever.search(query, k=5, persona_id=persona_id).hits
        record.add([Citation.of(hit) for hit in hits])
        return (
            "\n".join(
                quoted("passage", f"id: {hit.id}\nsource: {hit.source} › {hit.section}\n{hit.text}")
                for hit in hits
            )
            or "no passage found"
        )

    @tool
    def get_persona(persona: str) -> str:
        """The account (persona) with its buying-center members, goals, pains and objections."""
        from assistant.personas import find_persona, persona_to_yaml

        found = find_persona(settings.knowledge_dir / "personas", persona)
        return quoted("data", persona_to_yaml(found))

    def planned(plan: ContentPlan) -> str:
        """Record the plan for the page and history; the model reads its cells as data."""
        record.intent, record.data = "plan", PlanData(plan=plan)
        record.add([c for cell in plan.cells for s in cell.suggestions for c in s.citations])
        cells = [
            {
                "role": c.role,
                "stage": c.stage,
                "covered_by": c.covered_by,
                "suggestions": [s.model_dump(exclude={"citations"}) for s in c.suggestions],
            }
            for c in plan.cells
        ]
        return quoted(
            "data", json.dumps({"persona": plan.persona, "cells": cells}, ensure_ascii=False)
        )

    @tool
    def plan_content(
        persona: str, roles: list[str] | None = None, stages: list[str] | None = None
    ) -> str:
        """Content suggestions per buying-center role and buying stage for a persona."""
        from assistant.personas import resolve
        from assistant.planner import make_plan

        plan = make_plan(
            settings,
            resolve(settings, persona),
            retriever=engine.retriever,
            roles=roles,
            stages=stages,
        )
        return planned(plan)

    @tool
    def plan_segment(segment: str) -> str:
        """Content for one segment of the user's last contact segmentation (`assistant segment`
        or the Segments view): give its number ("3") or words of its name (industry, size,
        role, stage)."""
        from assistant.segment_plans import find_segment, load_last
        from assistant.segment_plans import plan_segment as plan_for

        summary = load_last(settings.data_dir)
        if summary is None:
            return "no segmentation yet: the user has not segmented a contact export"
        named = segment.strip().lstrip("#")
        index = find_segment(summary, f"segment {named}" if named.isdigit() else named)
        if index is None or summary.segments[index].role is None:
            listed = [
                f"{number}: {s.industry}, {s.size_band}, {s.role}, {s.stage or '-'}"
                for number, s in enumerate(summary.segments, 1)
                if s.role
            ]
            return quoted("data", "no such segment; segments with a role:\n" + "\n".join(listed))
        return planned(plan_for(settings, summary, index, retriever=engine.retriever))

    @tool
    def review_copy(text: str, channel: str | None = None, role: str | None = None) -> str:
        """Score marketing copy for soft content; findings with reasons and suggestions."""
        from assistant.review import knowledge_lookup
        from assistant.review import review_copy as review

        known = knowledge_lookup(engine.retriever)
        result = review(text, channel=channel, role=role, known_passages=known)
        record.intent, record.data = "review", ReviewData(text=text, review=result)
        return quoted("data", result.model_dump_json())

    @tool
    def check_email(html: str) -> str:
        """Check an email's HTML or MIME source against B2B sending practice."""
        from assistant.email_check import check_email as check

        report = check(html.encode("utf-8"), name="<chat>")
        record.intent, record.data = "email", EmailData(report=report)
        return quoted("data", report.model_dump_json())

    @tool
    def draft_brief(
        persona: str, objective: str = "lead-generation", budget: float | None = None
    ) -> str:
        """A campaign brief: audience roles, key messages, content, channels, KPIs, funnel."""
        from assistant.briefs import BriefOptions, make_brief
        from assistant.personas import resolve

        brief = make_brief(
            settings,
            resolve(settings, persona),
            BriefOptions(objective=objective, budget=budget),
            retriever=engine.retriever,
        )
        record.intent, record.data = "brief", BriefData(brief=brief)
        record.add(brief.citations)
        return quoted("data", brief.model_dump_json(exclude={"citations"}))

    return [
        retrieve_guidance,
        get_persona,
        plan_content,
        plan_segment,
        review_copy,
        check_email,
        draft_brief,
    ]


def checked_citations(text: str, record: TurnRecord) -> tuple[str, list[Citation]]:
    """Keep citations of ids the tools returned, renumbered [1], [2]…; drop every other."""
    numbers: dict[str, int] = {}
    citations: list[Citation] = []

    def replace(match: re.Match[str]) -> str:
        chunk_id = match.group(1)
        if chunk_id not in record.citations:
            return ""
        if chunk_id not in numbers:
            citations.append(record.citations[chunk_id])
            numbers[chunk_id] = len(citations)
        return f"[{numbers[chunk_id]}]"

    cleaned = CITATION_RE.sub(replace, text)
    return re.sub(r"[ \t]+([.,;:])", r"\1", cleaned).strip(), citations


class LLMAssistant:
    """Answers through the chat model; the offline engine stands by."""

    mode = "llm"

    def __init__(self, settings: Settings, engine: ChatEngine | None = None) -> None:
        self.settings = settings
        self.engine = engine or ChatEngine(settings)
        self.model = make_chat_model(settings)  # fails now, with its reason, if misconfigured

    @property
    def mode_label(self) -> str:
        return self.settings.chat_model

    def _system_prompt(self, language: str, persona_id: str | None) -> str:
        persona_note = f"The active account is the persona `{persona_id}`." if persona_id else ""
        return load_prompt("system").render(
            language_name=language_name(language),
            persona_note=persona_note,
            today=date.today().isoformat(),
        )

    def _agent(self, model: Any, system: str, persona_id: str | None, record: TurnRecord) -> Any:
        from langchain.agents import create_agent

        return create_agent(
            model, build_tools(self.engine, record, persona_id), system_prompt=system
        )

    def stream(
        self, message: str, persona_id: str | None = None, context: TurnContext | None = None
    ) -> Iterator[str | Answer]:
        """Tokens of the final answer as they arrive, then the checked Answer.

        Closing this generator early (the reader left) cancels the answer: the model's
        connection is cut at once instead of being read to its end in the background.
        """
        from langchain_core.messages import HumanMessage

        check_message(message, self.settings)
        language = self.engine.message_language(message)
        record = TurnRecord()
        message = self._completed_request(message, context)
        understood, content = self._grounded_content(message, language, persona_id, context, record)
        system = self._system_prompt(language, persona_id)
        guard = LeakGuard(system)
        settings = self.settings
        budget = AnswerBudget(settings.llm_deadline, settings.llm_max_answer_chars)
        model = make_chat_model(settings, budget)
        agent = self._agent(model, system, persona_id, record)
        events: Any = None
        parts: list[str] = []
        size = 0
        leaked = False
        done = False  # False when the consumer closed this generator mid-answer
        reason: str | None = None
        try:
            events = agent.stream(
                {"messages": [HumanMessage(content)]},
                config={"recursion_limit": RECURSION_LIMIT},
                stream_mode="messages",
            )
            for chunk, metadata in events:
                budget.check()
                text = answer_text(chunk, metadata)
                if not text:
                    continue
                size += len(text)
                budget.check_answer(size)
                parts.append(text)
                if guard.feed(text):
                    leaked = True
                    break  # stop streaming; the checked answer below replaces the text
                yield text
            done = True
        except Exception as error:  # the model's failures fall back; anything else re-raised
            done = True
            failure: Failure | None = model_failure(error, budget)
            if failure is not None:
                reason = failure.text(language)
            elif isinstance(error, AssistantError):
                reason = str(error)  # e.g. the index went away inside a tool
            else:
                raise
        finally:
            if done:
                budget.close()
            else:
                budget.cancel()  # cut the connection before the agent's thread reads on
            if events is not None:
                events.close()
            client = getattr(model, "http_client", None)
            if client is not None:
                client.close()
        if reason is not None:
            yield self._fallback(message, persona_id, context, language, reason)
            return
        if leaked or guard.reveals("".join(parts)):
            yield Answer(answer=reply(language, "prompt_withheld"), language=language, mode="llm")
            return
        text, citations = checked_citations("".join(parts), record)
        yield Answer(
            answer=text,
            language=language,
            mode="llm",
            citations=citations,
            intent=record.intent,
            data=record.data,
            context=TurnContext(understanding=understood),
        )

    def _completed_request(self, message: str, context: TurnContext | None) -> str:
        """A reply naming the account a waiting plan or brief asked for becomes that request."""
        from assistant.understanding import mentioned_persona

        pending = context.pending if context else None
        named = mentioned_persona(message, self.engine.personas()) if pending else None
        if pending is None or named is None:
            return message
        return f"{pending.message} ({named.company})"

    def _grounded_content(
        self,
        message: str,
        language: str,
        persona_id: str | None,
        context: TurnContext | None,
        record: TurnRecord,
    ) -> tuple[Understanding | None, str]:
        """The user's message, plus, for a question, how the offline engine read it and the
        facts that answer it, as quoted data with their passage ids (which the answer may then
        cite, like passages a tool returned)."""
        content = user_content(message, language)
        if detect_intent(message, language) != "question":
            return None, content
        understood, persona = self.engine.understand(message, persona_id, context)
        points = self.engine.composer.grounding(understood, persona)
        if not points:
            return understood, content
        record.add([Citation.of(point.hit) for point in points if point.hit is not None])
        facts = "\n".join(f"- [{p.hit.id}] {p.text}" for p in points if p.hit is not None)
        grounding = load_prompt("facts").render(reading=reading(understood), facts=facts)
        return understood, f"{content}\n\n{quoted('data', grounding)}"

    def answer(
        self, message: str, persona_id: str | None = None, context: TurnContext | None = None
    ) -> Answer:
        final: Answer | None = None
        for item in self.stream(message, persona_id, context):
            if isinstance(item, Answer):
                final = item
        if final is None:  # stream() always ends with an Answer or raises
            raise AssertionError("the answer stream ended without an answer")
        return final

    def _fallback(
        self,
        message: str,
        persona_id: str | None,
        context: TurnContext | None,
        language: str,
        reason: str,
    ) -> Answer:
        answer = self.engine.answer(message, persona_id, context)
        answer.notice = reply(answer.language or language, "fallback_notice", reason=reason)
        return answer


class OfflineAssistant:
    mode = "offline"
    mode_label = "offline"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = ChatEngine(settings)

    def answer(
        self, message: str, persona_id: str | None = None, context: TurnContext | None = None
    ) -> Answer:
        check_message(message, self.settings)
        return self.engine.answer(message, persona_id, context)

    def stream(
        self, message: str, persona_id: str | None = None, context: TurnContext | None = None
    ) -> Iterator[str | Answer]:
        check_message(message, self.settings)
        return self.engine.stream(message, persona_id, context)


def make_assistant(settings: Settings) -> OfflineAssistant | LLMAssistant:
    """The chat model when one is configured, else the deterministic offline engine."""
    if settings.chat_model_enabled:
        return LLMAssistant(settings)
    return OfflineAssistant(settings)
