"""The Streamlit page: layout and tabs only. Each view lives in assistant/ui/; every answer,
plan, review, email check and brief comes from the `assistant` library."""

from __future__ import annotations

import streamlit as st

from assistant.config import load_settings
from assistant.errors import ConfigError
from assistant.ui import brief, chat, email, i18n, knowledge, personas, plan, review, segments
from assistant.ui.render import escape_markdown, inject_direction_css, reported_errors

VIEWS = ("chat", "plan", "review", "email", "brief", "segments", "personas", "knowledge")
VIEW_KEY = "view"

st.set_page_config(page_title="B2B marketing assistant", page_icon="📇", layout="wide")
# No developer chrome (its "Deploy", "Rerun", "Settings" are English-only): marketers use this.
st.set_option("client.toolbarMode", "minimal")


def tab_labels() -> list[str]:
    """Tab labels in the interface language; a tab chosen in another language is kept."""
    labels = [i18n.t_plain(f"tab_{view}") for view in VIEWS]
    chosen = st.session_state.get(VIEW_KEY)
    if chosen is not None and chosen not in labels:
        table = i18n.strings()
        for position, view in enumerate(VIEWS):
            if chosen in table[f"tab_{view}"].values():
                st.session_state[VIEW_KEY] = labels[position]
                break
        else:
            del st.session_state[VIEW_KEY]
    return labels


try:
    settings = load_settings()
except ConfigError as error:  # a bad setting: the CLI's sentence (variable, reason), then stop
    st.error(escape_markdown(f"error: {error}"))
    st.stop()
inject_direction_css()
i18n.init_language()
rtl = "rtl" if i18n.ui_is_rtl() else "ltr"
with st.sidebar, st.container(key=f"{rtl}-sidebar"):
    i18n.choose_language()
    with reported_errors():
        chat.mode_badge(settings)
    active = personas.persona_picker(settings)
    conversations_area = st.container()

with st.container(key=f"{rtl}-main"):
    st.title(i18n.t("title"))
    knowledge.ensure_index(settings)
    tabs = dict(zip(VIEWS, st.tabs(tab_labels(), key=VIEW_KEY, on_change="rerun"), strict=True))
    for view, render in (
        ("plan", lambda: plan.render_plan_view(settings, active)),
        ("review", lambda: review.render_review_view(settings, active)),
        ("email", lambda: email.render_email_view(settings)),
        ("brief", lambda: brief.render_brief_view(settings, active)),
        ("segments", lambda: segments.render_segments_view(settings)),
        ("personas", lambda: personas.render_persona_view(settings)),
        ("knowledge", lambda: knowledge.render_knowledge_view(settings)),
    ):
        if tabs[view].open:
            with tabs[view], reported_errors():
                render()

if tabs["chat"].open:  # outside the containers, so the chat input stays pinned at the bottom
    with reported_errors():
        chat.render_chat_view(settings, active, tabs["chat"])

with conversations_area:
    chat.render_conversation_sidebar(settings)
