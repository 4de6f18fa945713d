"""Email view: upload .html/.eml (or paste); the verdict, the risk, the findings that matter
most, every finding by rule, and a sandboxed, script-free preview. Findings follow the
interface language."""

from __future__ import annotations

from itertools import groupby

import streamlit as st

from assistant.config import Settings
from assistant.email_check import EmailReport, check_email, headline
from assistant.email_rules import EmailFinding
from assistant.ui.i18n import choice_label, current_language, t, upload_help
from assistant.ui.render import (
    SEVERITY_COLOURS,
    escape_markdown,
    reported_errors,
    show_email_preview,
    upload_limit_mb,
)
from assistant.uploads import check_size

RESULT_KEY = "email_result"


def check_upload(
    settings: Settings, name: str, data: bytes, language: str | None = None
) -> tuple[EmailReport, str | None]:
    """The upload handler: the report and the HTML body to preview (None for text-only mail)."""
    from assistant.email_mime import parse_email

    check_size(name, data, settings.max_file_bytes)
    report = check_email(data, name=name, language=language)
    return report, parse_email(data, name=name).html


def render_email_view(settings: Settings) -> None:
    st.subheader(t("email_title"))
    st.caption(t("email_help"))
    language = current_language()
    upload = st.file_uploader(
        t("upload_email"),
        type=["html", "htm", "eml"],
        key="email-upload",
        max_upload_size=upload_limit_mb(settings),
        help=upload_help(settings.max_file_mb, "ASSISTANT_MAX_FILE_MB"),
    )
    if upload is not None and st.session_state.get("email-upload-id") != upload.file_id:
        st.session_state["email-upload-id"] = upload.file_id
        with reported_errors():
            data = upload.getvalue()
            st.session_state[RESULT_KEY] = (
                upload.name,
                data,
                *check_upload(settings, upload.name, data, language),
            )
    pasted = st.text_area(t("paste_email"), key="email-paste", height=160)
    if st.button(t("check_email"), key="email-run") and pasted.strip():
        with reported_errors():
            data = pasted.encode("utf-8")
            st.session_state[RESULT_KEY] = (
                "pasted.html",
                data,
                *check_upload(settings, "pasted", data, language),
            )
    stored = st.session_state.get(RESULT_KEY)
    if stored is None:
        return
    name, data, report, body = stored
    if report.language != language:  # the interface language changed: reword the findings
        report = check_email(data, name=name, language=language)
        st.session_state[RESULT_KEY] = (name, data, report, body)
    st.caption(t("email_checked", name=name))
    render_email_report(report)
    st.markdown(f"**{t('preview_title')}**")
    if body:
        show_email_preview(body, title=t("preview_title"))
        st.caption(t("preview_note"))
    else:
        st.info(t("preview_no_html"))


def _finding_markdown(finding: EmailFinding) -> str:
    line = f"- {escape_markdown(finding.message)}  \n  *{t('email_suggestion')}:* "
    line += escape_markdown(finding.suggestion)
    if finding.evidence:
        line += f"  \n  {t('evidence')}: {escape_markdown(finding.evidence)}"
    return line


def render_email_report(report: EmailReport) -> None:
    verdict = escape_markdown(headline(report))
    {"ready": st.success, "fix": st.warning, "likely-filtered": st.error}[report.verdict](verdict)
    stats = report.stats
    columns = st.columns(5)
    columns[0].metric(t("metric_risk"), f"{report.risk}/100")
    columns[1].metric(t("metric_html_kb"), f"{stats.html_bytes / 1024:.1f}")
    columns[2].metric(t("metric_images"), stats.images)
    columns[3].metric(t("metric_links"), stats.links)
    columns[4].metric(t("metric_text_chars"), stats.text_chars)
    if not report.findings:
        st.success(t("email_clean"))
        return
    if report.top_findings:
        st.markdown(f"**{t('email_top')}**")
        for number, finding in enumerate(report.top_findings, 1):
            points = t("email_points", points=finding.points) if finding.points else ""
            st.markdown(
                f"{number}. **{escape_markdown(finding.title)}** {points}  \n"
                f"{escape_markdown(finding.message)} {escape_markdown(finding.suggestion)}"
            )
    st.markdown(f"**{t('findings_title', count=len(report.findings))}**")
    for _, group in groupby(report.findings, key=lambda finding: finding.rule):
        findings = list(group)
        first = findings[0]
        colour = SEVERITY_COLOURS.get(first.severity, "blue")
        severity = escape_markdown(choice_label("severity", first.severity))
        points = sum(finding.points for finding in findings)
        shown = f" · {t('email_points', points=points)}" if points else ""
        with st.container(border=True):
            st.markdown(f":{colour}-badge[{severity}] **{escape_markdown(first.title)}**{shown}")
            for finding in findings:
                st.markdown(_finding_markdown(finding))
