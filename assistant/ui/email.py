"""Email view: upload .html/.eml (or paste); findings by rule; a sandboxed, script-free preview."""

from __future__ import annotations

from itertools import groupby

import streamlit as st

from assistant.config import Settings
from assistant.email_check import EmailReport, check_email
from assistant.ui.i18n import choice_label, t, t_plain
from assistant.ui.render import (
    SEVERITY_COLOURS,
    escape_markdown,
    reported_errors,
    show_email_preview,
    upload_limit_mb,
)
from assistant.uploads import check_size

RESULT_KEY = "email_result"


def check_upload(settings: Settings, name: str, data: bytes) -> tuple[EmailReport, str | None]:
    """The upload handler: the report and the HTML body to preview (None for text-only mail)."""
    from assistant.email_mime import parse_email

    check_size(name, data, settings.max_file_bytes)
    report = check_email(data, name=name)
    return report, parse_email(data, name=name).html


def render_email_view(settings: Settings) -> None:
    st.subheader(t("email_title"))
    st.caption(t("email_help"))
    upload = st.file_uploader(
        t("upload_email"),
        type=["html", "htm", "eml"],
        key="email-upload",
        max_upload_size=upload_limit_mb(settings),
        help=t_plain("upload_limit", mb=f"{settings.max_file_mb:g}"),
    )
    if upload is not None and st.session_state.get("email-upload-id") != upload.file_id:
        st.session_state["email-upload-id"] = upload.file_id
        with reported_errors():
            st.session_state[RESULT_KEY] = (
                upload.name,
                *check_upload(settings, upload.name, upload.getvalue()),
            )
    pasted = st.text_area(t("paste_email"), key="email-paste", height=160)
    if st.button(t("check_email"), key="email-run") and pasted.strip():
        with reported_errors():
            data = pasted.encode("utf-8")
            st.session_state[RESULT_KEY] = ("pasted.html", *check_upload(settings, "pasted", data))
    stored = st.session_state.get(RESULT_KEY)
    if stored is None:
        return
    name, report, body = stored
    st.caption(t("email_checked", name=name))
    render_email_report(report)
    st.markdown(f"**{t('preview_title')}**")
    if body:
        show_email_preview(body, title=f"Preview of {name}")
        st.caption(t("preview_note"))
    else:
        st.info(t("preview_no_html"))


def render_email_report(report: EmailReport) -> None:
    stats = report.stats
    columns = st.columns(4)
    columns[0].metric(t("metric_html_kb"), f"{stats.html_bytes / 1024:.1f}")
    columns[1].metric(t("metric_images"), stats.images)
    columns[2].metric(t("metric_links"), stats.links)
    columns[3].metric(t("metric_text_chars"), stats.text_chars)
    if not report.findings:
        st.success(t("email_clean"))
        return
    st.markdown(f"**{t('findings_title', count=len(report.findings))}**")
    for rule, group in groupby(report.findings, key=lambda finding: finding.rule):
        findings = list(group)
        colour = SEVERITY_COLOURS.get(findings[0].severity, "blue")
        severity = escape_markdown(choice_label("severity", findings[0].severity))
        with st.container(border=True):
            st.markdown(f":{colour}-badge[{severity}] **{escape_markdown(rule)}**")
            for finding in findings:
                line = f"- {escape_markdown(finding.message)}"
                if finding.evidence:
                    line += f"  \n  {t('evidence')}: {escape_markdown(finding.evidence)}"
                st.markdown(line)
