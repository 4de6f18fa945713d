"""Numbered citations that expand to the cited passage, with what the answer used highlighted."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.errors import AssistantError
from assistant.retrieval import Citation, LexicalIndex
from assistant.ui.i18n import t
from assistant.ui.render import content_container, escape_markdown, highlight, shared_spans
from assistant.ui.resources import get_retriever

_POSITIONS: dict[str, dict[str, int]] = {}


def passage(chunk_id: str) -> tuple[str, dict[str, Any]] | None:
    """The indexed text and metadata of a chunk (from the retriever's lexical index)."""
    from assistant.config import load_settings

    try:
        lexical: LexicalIndex = get_retriever(load_settings()).lexical()
    except AssistantError:
        return None
    positions = _POSITIONS.get(lexical.revision)
    if positions is None:
        positions = {chunk: index for index, chunk in enumerate(lexical.ids)}
        _POSITIONS.clear()
        _POSITIONS[lexical.revision] = positions
    index = positions.get(chunk_id)
    if index is None:
        return None
    return lexical.documents[index], lexical.metadatas[index]


def citation_label(number: int, citation: Citation | dict[str, Any]) -> str:
    data = citation if isinstance(citation, dict) else citation.model_dump()
    where = str(data.get("source", ""))
    if data.get("section"):
        where += f" › {data['section']}"
    return f"[{number}] {escape_markdown(where)}"


def render_citations(
    citations: list[Citation] | list[dict[str, Any]],
    answer: str,
    key: str,
    language: str = "en",
) -> None:
    """One expander per citation: file and section named, the passage with shared text marked."""
    for number, citation in enumerate(citations, 1):
        data = citation if isinstance(citation, dict) else citation.model_dump()
        with st.expander(citation_label(number, data)):
            found = passage(str(data.get("chunk_id", "")))
            if found is None:
                st.caption(t("passage_missing", chunk=data.get("chunk_id", "")))
                continue
            text, metadata = found
            passage_language = str(metadata.get("language") or data.get("language") or language)
            st.caption(
                t(
                    "passage_where",
                    source=metadata.get("source", data.get("source", "")),
                    section=metadata.get("section", "") or "—",
                    chunk=data.get("chunk_id", ""),
                )
            )
            with content_container(passage_language, f"{key}-cite-{number}"):
                st.markdown(highlight(text, shared_spans(text, answer, passage_language)))
