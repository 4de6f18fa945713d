"""Heavy objects shared by every session of the page, cached per configuration."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.config import Settings, load_settings
from assistant.history import History
from assistant.retrieval import Retriever


def settings_key(settings: Settings) -> str:
    """The cache key of a configuration (secrets are masked in the dump, never the key)."""
    return settings.model_dump_json()


@st.cache_resource(show_spinner=False)
def get_assistant(settings_key: str) -> Any:
    """One assistant per configuration: the chat model when configured, else offline."""
    from assistant.agent import make_assistant

    return make_assistant(load_settings())


def get_retriever(settings_key: str) -> Retriever:
    """The assistant's own retriever, so the page loads the index and BM25 only once."""
    return get_assistant(settings_key).engine.retriever


def get_history(settings: Settings) -> History:
    return History(settings.data_dir)
