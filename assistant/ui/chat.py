"""Chat view: streaming answers with expandable citations, feedback, and saved conversations."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.chat import Answer
from assistant.config import Settings
from assistant.errors import AssistantError, InputError
from assistant.history import Conversation, History, Message, conversation_to_markdown
from assistant.language import detect_language
from assistant.personas import Persona
from assistant.results import AnswerData
from assistant.ui.citations import render_citations
from assistant.ui.i18n import t, t_plain, ui_is_rtl
from assistant.ui.render import (
    content_container,
    escape_block,
    escape_markdown,
    isolate,
    reported_errors,
    safe_markdown,
    stream_markdown,
)
from assistant.ui.resources import get_assistant, get_history

CONVERSATION_KEY = "conversation_id"
TITLE_LENGTH = 60


def current_conversation(history: History) -> Conversation | None:
    conversation_id = st.session_state.get(CONVERSATION_KEY)
    if not conversation_id:
        return None
    try:
        return history.get(conversation_id)
    except InputError:  # deleted elsewhere
        st.session_state[CONVERSATION_KEY] = None
        return None


def mode_badge(settings: Settings) -> None:
    """Offline, or the chat model's name: always visible."""
    assistant = get_assistant(settings)
    if assistant.mode == "offline":
        st.badge(t("mode_offline"), icon=":material/cloud_off:", color="gray")
    else:
        st.badge(
            t("mode_llm", model=assistant.mode_label), icon=":material/smart_toy:", color="green"
        )


def _select(conversation_id: str | None) -> None:
    st.session_state[CONVERSATION_KEY] = conversation_id


def _rename(history: History, conversation_id: str) -> None:
    try:
        history.rename(conversation_id, st.session_state.get(f"title-{conversation_id}", ""))
    except AssistantError as error:
        st.session_state["conversation_flash"] = str(error)


def _delete(history: History, conversation_id: str) -> None:
    history.delete(conversation_id)
    st.session_state[CONVERSATION_KEY] = None


def render_conversation_sidebar(settings: Settings) -> None:
    """New, resume, rename, delete and export conversations (rendered last, so a conversation
    started in this run is already listed)."""
    history = get_history(settings)
    st.markdown(f"**{t('conversations')}**")
    flash = st.session_state.pop("conversation_flash", None)
    if flash:
        st.error(escape_markdown(flash))
    st.button(
        t("new_conversation"),
        key="conv-new",
        icon=":material/add:",
        width="stretch",
        on_click=_select,
        args=(None,),
    )
    current_id = st.session_state.get(CONVERSATION_KEY)
    for conversation in history.list()[:50]:
        st.button(
            isolate(escape_markdown(conversation.title), ui_is_rtl()),
            key=f"conv-{conversation.id}",
            type="primary" if conversation.id == current_id else "secondary",
            width="stretch",
            on_click=_select,
            args=(conversation.id,),
        )
    conversation = current_conversation(history)
    if conversation is None:
        return
    with st.expander(t("manage_conversation")):
        st.text_input(t("rename"), value=conversation.title, key=f"title-{conversation.id}")
        st.button(
            t("save_title"),
            key=f"rename-{conversation.id}",
            on_click=_rename,
            args=(history, conversation.id),
        )
        st.download_button(
            t("export_markdown"),
            conversation_to_markdown(conversation),
            file_name=f"conversation-{conversation.id}.md",
            mime="text/markdown",
            key=f"export-md-{conversation.id}",
            on_click="ignore",
        )
        st.download_button(
            t("export_json"),
            conversation.model_dump_json(indent=2),
            file_name=f"conversation-{conversation.id}.json",
            mime="application/json",
            key=f"export-json-{conversation.id}",
            on_click="ignore",
        )
        confirm = st.checkbox(t("confirm_delete"), key=f"confirm-{conversation.id}")
        st.button(
            t("delete"),
            key=f"delete-{conversation.id}",
            disabled=not confirm,
            on_click=_delete,
            args=(history, conversation.id),
        )


def render_chat_view(settings: Settings, persona: Persona | None, area: Any) -> None:
    """Messages inside `area` (the chat tab); the input pinned at the page bottom."""
    history = get_history(settings)
    conversation = current_conversation(history)
    prompt = st.chat_input(t("chat_placeholder"))
    asked = bool(prompt and prompt.strip())
    with area:
        if persona is not None:
            st.caption(t("chat_persona", company=persona.company))
        if conversation is None and not asked:
            st.caption(t("chat_empty"))
        elif conversation is not None:
            for message in conversation.messages:
                render_message(message, history)
    if prompt and asked:
        with area:
            run_turn(settings, history, conversation, prompt, persona)


def render_message(message: Message, history: History) -> None:
    with st.chat_message(message.role):
        if message.role == "user":
            with content_container(message.language or "en", f"msg-{message.id}"):
                st.markdown(escape_block(message.content))
            return
        render_answer_body(message, history)


def render_answer_body(message: Message, history: History) -> None:
    """The answer, its full result (plan, review, email, brief, as saved in history),
    citations and feedback: a reopened conversation looks as it did when first shown."""
    with content_container(message.language or "en", f"msg-{message.id}"):
        if message.notice:
            st.warning(escape_markdown(message.notice))
        st.markdown(safe_markdown(message.content))
        render_data(message.data, message.id)
        render_citations(
            message.citations, message.content, f"msg-{message.id}", language=message.language
        )
    mode = message.mode or "offline"
    if mode == "offline":
        mode = t_plain("offline_label")
    st.caption(t("answered_by", mode=message.model or mode))
    render_feedback(message, history)


def render_data(data: AnswerData | None, key: str) -> None:
    """The library's full result, shown with the view that renders its kind."""
    if data is None:
        return
    with reported_errors(), st.expander(t(f"data_{data.kind}"), expanded=data.kind != "plan"):
        if data.kind == "plan":
            from assistant.ui.plan import render_plan

            render_plan(data.plan, f"chat-plan-{key}")
        elif data.kind == "review":
            from assistant.ui.review import render_review

            render_review(data.text, data.review, f"chat-review-{key}")
        elif data.kind == "email":
            from assistant.ui.email import render_email_report

            render_email_report(data.report)
        elif data.kind == "brief":
            from assistant.ui.brief import render_brief

            render_brief(data.brief, f"chat-brief-{key}")


def render_feedback(message: Message, history: History) -> None:
    """Thumbs up/down; a thumbs-down with a reason becomes a knowledge gap."""
    history_default = None if message.rating is None else (1 if message.rating > 0 else 0)
    choice = st.feedback("thumbs", key=f"fb-{message.id}", default=history_default)
    if choice is None:
        return
    rating = 1 if choice == 1 else -1
    if rating != message.rating:
        history.rate(message.id, rating, message.reason if rating == -1 else "")
    if rating == -1:
        reason = st.text_input(
            t("feedback_reason"), value=message.reason, key=f"reason-{message.id}"
        )
        if st.button(t("feedback_send"), key=f"reason-send-{message.id}"):
            with reported_errors():
                history.rate(message.id, -1, reason)
                st.success(t("feedback_thanks"))


def conversation_title(prompt: str) -> str:
    first = " ".join(prompt.split())
    return first if len(first) <= TITLE_LENGTH else first[: TITLE_LENGTH - 1] + "…"


def reader_present() -> bool:
    """Whether this session's browser tab is still connected (always, outside a server)."""
    from streamlit import runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    if context is None or not runtime.exists():
        return True
    return runtime.get_instance().is_active_session(context.session_id)


def run_turn(
    settings: Settings,
    history: History,
    conversation: Conversation | None,
    prompt: str,
    persona: Persona | None,
) -> None:
    """Stream one answer, then save both turns and show the checked answer with citations.

    A message over the cap is refused before anything is stored; when the browser tab goes
    away mid-answer, the stream is closed, which cuts the model's connection.
    """
    from assistant.agent import check_message

    try:
        check_message(prompt, settings)
    except AssistantError as error:
        st.error(escape_markdown(str(error)))
        return
    if conversation is None:
        conversation = history.create(conversation_title(prompt))
        st.session_state[CONVERSATION_KEY] = conversation.id
    user_message = history.add_message(
        conversation.id, "user", prompt, language=detect_language(prompt)
    )
    render_message(user_message, history)
    assistant = get_assistant(settings)
    final: list[Answer] = []
    # The previous answer's context: a follow-up keeps its question, "Northbridge" completes
    # a request that waited for an account, also after the conversation was reopened.
    answers = [m for m in conversation.messages if m.role == "assistant"]
    context = answers[-1].context if answers else None

    def tokens() -> Any:
        stream = assistant.stream(prompt, persona.id if persona else None, context)
        try:
            for item in stream:
                if isinstance(item, Answer):
                    final.append(item)
                elif not reader_present():
                    return  # nobody is reading: stop the model instead of reading it all
                else:
                    yield item
        finally:
            close = getattr(stream, "close", None)
            if close is not None:
                close()

    with st.chat_message("assistant"):
        placeholder = st.empty()
        try:
            with placeholder:
                st.write_stream(stream_markdown(tokens()))
        except AssistantError as error:
            placeholder.error(escape_markdown(str(error)))
            return
        if not final:
            return
        answer = final[-1]
        model = assistant.mode_label if answer.mode == "llm" else ""
        stored = history.add_answer(conversation.id, answer, model=model)
        with placeholder.container():
            render_answer_body(stored, history)
