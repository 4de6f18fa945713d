"""Numbered citations that expand to the cited passage, with what the answer used highlighted."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.errors import AssistantError
from assistant.retrieval import Citation
from assistant.ui.i18n import t
from assistant.ui.render import content_container, escape_markdown, highlight, shared_spans
from assistant.ui.resources import get_retriever


def with_passage(citation: Citation) -> Citation:
    """A citation saved before citations carried their passage gets it (and its label) from
    the index; the page never reads the retriever's internals."""
    if citation.passage and citation.label:
        return citation
    from assistant.config import load_settings

    try:
        hit = get_retriever(load_settings()).passage(citation.chunk_id)
    except AssistantError:
        return citation
    if hit is None:
        return citation
    return citation.model_copy(
        update={"passage": citation.passage or hit.text, "label": citation.label or hit.label}
    )


def citation_title(number: int, citation: Citation) -> str:
    return f"[{number}] {escape_markdown(citation.reader_label())}"


def render_citations(
    citations: list[Citation] | list[dict[str, Any]],
    answer: str,
    key: str,
    language: str = "en",
) -> None:
    """One expander per citation: the document and section by name, the passage with the text
    the answer shares with it marked."""
    for number, item in enumerate(citations, 1):
        citation = with_passage(
            item if isinstance(item, Citation) else Citation.model_validate(item)
        )
        with st.expander(citation_title(number, citation)):
            if not citation.passage:
                st.caption(t("passage_missing"))
                continue
            passage_language = citation.language or language
            with content_container(passage_language, f"{key}-cite-{number}"):
                text = citation.passage
                st.markdown(highlight(text, shared_spans(text, answer, passage_language)))
