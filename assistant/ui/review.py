"""Review view: paste or upload copy; findings highlighted inline by severity; the score gauge."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.config import Settings
from assistant.domain import CHANNELS, ROLES
from assistant.errors import InputError
from assistant.personas import Persona
from assistant.review import ReviewResult, knowledge_lookup, review_copy
from assistant.review_explain import need_label, rule_label
from assistant.ui.i18n import (
    choice_label,
    current_language,
    labelled,
    role_label,
    t,
    t_plain,
    upload_help,
)
from assistant.ui.render import (
    SEVERITY_COLOURS,
    content_container,
    escape_markdown,
    finding_spans,
    highlight,
    reported_errors,
    upload_limit_mb,
)
from assistant.ui.resources import get_retriever

TEXT_KEY = "review-text"
RESULT_KEY = "review_result"


def decode_upload(name: str, data: bytes) -> str:
    """Uploaded copy as text; anything but UTF-8 is refused with the file named."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{name}: not UTF-8 text", field="file") from None


def render_review_view(settings: Settings, persona: Persona | None) -> None:
    st.subheader(t("review_title"))
    upload = st.file_uploader(
        t("upload_copy"),
        type=["txt", "md"],
        key="review-upload",
        max_upload_size=upload_limit_mb(settings),
        help=upload_help(settings.max_file_mb, "ASSISTANT_MAX_FILE_MB"),
    )
    if upload is not None and st.session_state.get("review-upload-id") != upload.file_id:
        st.session_state["review-upload-id"] = upload.file_id
        with reported_errors():
            st.session_state[TEXT_KEY] = decode_upload(upload.name, upload.getvalue())
    text = st.text_area(t("paste_copy"), key=TEXT_KEY, height=220)
    columns = st.columns(2)
    channel = columns[0].selectbox(
        t("channel"),
        ["", *CHANNELS],
        format_func=labelled(
            ["", *CHANNELS],
            lambda c: choice_label("channel", c) if c else t_plain("any_channel"),
        ),
        key="review-channel",
    )
    roles = [role for role in ROLES if persona is None or role in persona.roles]
    role = columns[1].selectbox(
        t("role"),
        ["", *roles],
        format_func=labelled(["", *roles], lambda r: role_label(r) if r else t_plain("any_role")),
        key="review-role",
    )
    if st.button(t("review_button"), type="primary", key="review-run"):
        with reported_errors(), st.spinner(t("working")):
            result = review_copy(
                text,
                channel=channel or None,
                role=role or None,
                known_passages=knowledge_lookup(get_retriever(settings)),
            )
            st.session_state[RESULT_KEY] = (text, result)
    stored = st.session_state.get(RESULT_KEY)
    if stored is not None:
        render_review(stored[0], stored[1], "review")


GAUGE_COLOURS = {"substantive": "#2ea043", "soft": "#e67814"}


def score_gauge(score: int, verdict: str) -> dict[str, Any]:
    """A half-circle gauge (Vega-Lite spec): the score's share of 0-100, coloured by verdict."""
    return {
        "width": 200,
        "height": 110,
        "data": {
            "values": [{"part": "score", "value": score}, {"part": "rest", "value": 100 - score}]
        },
        "mark": {"type": "arc", "innerRadius": 55, "outerRadius": 95},
        "encoding": {
            "theta": {
                "field": "value",
                "type": "quantitative",
                "stack": True,
                "scale": {"domain": [0, 100], "range": [-1.5708, 1.5708]},
            },
            "order": {"field": "part", "sort": "descending"},
            "color": {
                "field": "part",
                "scale": {
                    "domain": ["score", "rest"],
                    "range": [GAUGE_COLOURS.get(verdict, "#1f77b4"), "#e6e6e6"],
                },
                "legend": None,
            },
            "tooltip": {"value": f"{score}/100"},
        },
        "view": {"stroke": None},
    }


def render_review(text: str, result: ReviewResult, key: str) -> None:
    """Score gauge, the copy with findings highlighted, then each finding explained."""
    verdict = t(f"verdict_{result.verdict}")
    gauge, summary = st.columns([1, 2], vertical_alignment="center")
    with gauge:
        st.vega_lite_chart(score_gauge(result.score, result.verdict), width="content")
    summary.metric(t("score_title"), f"{result.score}/100")
    summary.markdown(t("score_line", score=result.score, verdict=verdict))
    explanation = result.stats.get("score_explanation")
    if explanation:
        st.caption(escape_markdown(str(explanation)))
    st.caption(t("severity_legend"))
    with content_container(result.language, f"{key}-text"), st.container(border=True):
        st.markdown(highlight(text, finding_spans(result.findings)))
    fit = result.stats.get("role_fit")
    if fit:
        role = str(fit.get("role", ""))
        language = current_language()
        needs = {
            k: [need_label(role, n, language) for n in fit.get(k, [])]
            for k in ("covered", "missing")
        }
        st.markdown(
            t(
                "role_fit_line",
                role=role_label(role),
                fit=choice_label("fit", str(fit.get("fit", ""))),
                covered=", ".join(needs["covered"]) or "—",
                missing=", ".join(needs["missing"]) or "—",
            )
        )
    st.markdown(f"**{t('findings_title', count=len(result.findings))}**")
    if not result.findings:
        st.success(t("no_findings"))
    with content_container(result.language, f"{key}-findings"):
        for finding in result.findings:
            colour = SEVERITY_COLOURS.get(finding.severity, "blue")
            severity = escape_markdown(choice_label("severity", finding.severity))
            excerpt = escape_markdown(finding.excerpt)
            st.markdown(
                f":{colour}-badge[{severity}] "
                f"**{escape_markdown(rule_label(finding.rule, result.language))}** · "
                f"“{excerpt}”  \n{escape_markdown(finding.message)}  \n"
                f"→ {escape_markdown(finding.suggestion)}"
            )
    if fit and fit.get("citations"):
        sources = ", ".join(str(c.get("label") or c.get("topic", "")) for c in fit["citations"])
        st.caption(t("role_fit_source", sources=sources))
