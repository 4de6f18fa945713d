"""Heavy objects shared by every session of the page, cached per configuration."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import streamlit as st
from pydantic import SecretStr

from assistant.config import Settings
from assistant.history import History
from assistant.retrieval import Retriever


def settings_key(settings: Settings) -> str:
    """The cache key of a configuration: every field, secrets included (hashed, so a changed API
    key or token gets its own assistant while the key itself never appears in the cache)."""
    values: dict[str, Any] = settings.model_dump(mode="json")
    for name, value in settings:
        if isinstance(value, SecretStr):
            values[name] = value.get_secret_value()
    dump = json.dumps(values, sort_keys=True, default=str)
    return hashlib.sha256(dump.encode("utf-8")).hexdigest()


@st.cache_resource(show_spinner=False)
def _assistant_for(key: str, _settings: Settings) -> Any:
    """Cached by `key` only; built from the settings that produced that key."""
    from assistant.agent import make_assistant

    return make_assistant(_settings)


def get_assistant(settings: Settings) -> Any:
    """One assistant per configuration: the chat model when configured, else offline."""
    return _assistant_for(settings_key(settings), settings)


def get_retriever(settings: Settings) -> Retriever:
    """The assistant's own retriever, so the page loads the index and BM25 only once."""
    return get_assistant(settings).engine.retriever


def get_history(settings: Settings) -> History:
    return History(settings.data_dir)
