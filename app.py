"""The Streamlit page: UI only. Every answer comes from the `assistant` library."""

from __future__ import annotations

import streamlit as st

from assistant.config import load_settings
from assistant.domain import is_rtl
from assistant.errors import AssistantError
from assistant.language import detect_language
from assistant.retrieval import Retriever

st.set_page_config(page_title="B2B marketing assistant", page_icon="📇", layout="wide")


@st.cache_resource(show_spinner=False)
def get_retriever(settings_key: str) -> Retriever:
    """One retriever per configuration (the key), shared by every session of the page."""
    return Retriever(load_settings())


def show_passages(query: str) -> None:
    language = detect_language(query)
    direction = "rtl" if is_rtl(language) else "ltr"
    try:
        retriever = get_retriever(load_settings().model_dump_json())
        result = retriever.search(query, k=4, language=language)
    except AssistantError as error:
        st.error(str(error))
        return
    if not result.hits:
        st.info("No passage in the knowledge answers this yet.")
        return
    for number, hit in enumerate(result.hits, 1):
        with st.container(border=True):
            st.caption(f"[{number}] {hit.source} › {hit.section} · {hit.topic or hit.persona_id}")
            if direction == "rtl":
                st.markdown(
                    f'<div dir="rtl">\n\n{escape_markdown(hit.text)}\n\n</div>',
                    unsafe_allow_html=True,
                )
            else:
                st.markdown(escape_markdown(hit.text))


def escape_markdown(text: str) -> str:
    """Passages are data: HTML special characters are escaped before display."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


st.title("B2B marketing assistant")
st.caption("Offline mode: answers are the best passages from your knowledge, with citations.")
if "turns" not in st.session_state:
    st.session_state.turns = []
for question in st.session_state.turns:
    with st.chat_message("user"):
        st.text(question)
    with st.chat_message("assistant"):
        show_passages(question)
prompt = st.chat_input("Ask about buying centers, stages, content or email practice")
if prompt:
    st.session_state.turns.append(prompt)
    with st.chat_message("user"):
        st.text(prompt)
    with st.chat_message("assistant"):
        show_passages(prompt)
