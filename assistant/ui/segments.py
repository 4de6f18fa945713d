"""Segments view: upload a contact export, check the detected columns, and see accounts' buying
group coverage, segment sizes, list hygiene, warnings, content per segment and the download."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from assistant.config import Settings
from assistant.contacts import column_rules
from assistant.domain import ROLES, label
from assistant.errors import InputError
from assistant.hygiene import FLAGS
from assistant.planner import ContentPlan
from assistant.segment_groups import function_label, segment_name, seniority_label
from assistant.segment_model import PURCHASES, Segmentation, messages
from assistant.segment_output import annotated_bytes
from assistant.segment_plans import plan_account_gaps, plan_segment, save_last, summarise
from assistant.segments import purchase_name, roles_needed, segment_file
from assistant.ui.i18n import current_language, labelled, role_label, t, t_plain, upload_help
from assistant.ui.render import content_container, escape_markdown, reported_errors
from assistant.ui.resources import get_retriever

RESULT_KEY = "segment_result"
FOLDER_KEY = "segment_folder"
MAPPING_KEY = "segment_mapping"
CONTACTS_SHOWN = 500
ACCOUNTS_SHOWN = 40
EAGER_DOWNLOAD_ROWS = 20_000
NONE = ""


def upload_folder() -> Path:
    """A private folder per session for the uploaded export (read again for the download)."""
    folder = st.session_state.get(FOLDER_KEY)
    if folder is None or not Path(folder).is_dir():
        folder = st.session_state[FOLDER_KEY] = tempfile.mkdtemp(prefix="segments-")
    return Path(folder)


def render_segments_view(settings: Settings) -> None:
    st.subheader(t("segments_title"))
    st.caption(t("segments_intro"))
    upload = st.file_uploader(
        t("segments_upload"),
        type=["csv", "xlsx", "txt"],
        key="seg-upload",
        max_upload_size=max(1, math.ceil(settings.segment_max_mb)),
        help=upload_help(settings.segment_max_mb, "ASSISTANT_SEGMENT_MAX_MB"),
    )
    columns = st.columns(2)
    purchase = columns[0].selectbox(
        t("segments_purchase"),
        PURCHASES,
        format_func=labelled(PURCHASES, lambda p: purchase_name(p, current_language())),
        key="seg-purchase",
    )
    minimum = columns[1].number_input(
        t("segments_min"), min_value=1, max_value=100_000, value=50, key="seg-min"
    )
    if upload is None:
        st.info(t("segments_none"))
        return
    path = upload_folder() / "export"
    data = upload.getvalue()
    if len(data) > settings.segment_max_bytes:
        st.error(t("segments_too_big", name=upload.name, mb=settings.segment_max_mb))
        return
    path = path.with_suffix(Path(upload.name).suffix.lower() or ".csv")
    path.write_bytes(data)
    overrides = st.session_state.get(MAPPING_KEY, {}).get(upload.name, {})
    with reported_errors():
        seg = segment_file(
            path,
            purchase=purchase,
            overrides=overrides,
            min_segment=int(minimum),
            language=current_language(),
            max_bytes=settings.segment_max_bytes,
            name=upload.name,
        )
        st.session_state[RESULT_KEY] = seg
        save_last(settings.data_dir, seg)
        render_mapping_form(seg, upload.name)
        render_result(settings, seg)


def render_mapping_form(seg: Segmentation, name: str) -> None:
    """The detected columns, each one changeable; submitting reads the file again."""
    fields = list(column_rules().fields)
    headers = [NONE, *seg.table.headers]
    with st.expander(t("segments_mapping"), expanded=False), st.form("seg-mapping"):
        st.caption(t("segments_mapping_help"))
        chosen: dict[str, str] = {}
        grid = st.columns(3)
        column_label = labelled(headers, lambda h: h or t_plain("segments_no_column"))
        for number, field in enumerate(fields):
            current = seg.table.mapping.get(field, NONE)
            chosen[field] = grid[number % 3].selectbox(
                t_plain(f"field.{field}"),
                headers,
                index=headers.index(current) if current in headers else 0,
                format_func=column_label,
                key=f"seg-map-{field}",
            )
        if st.form_submit_button(t("segments_apply_mapping")):
            overrides = {f: c for f, c in chosen.items() if c and c != seg.table.mapping.get(f)}
            for field in ("email", "title"):
                if not chosen[field]:
                    raise InputError(t_plain("segments_required", field=t_plain(f"field.{field}")))
            mappings = st.session_state.setdefault(MAPPING_KEY, {})
            mappings[name] = {**mappings.get(name, {}), **overrides}
            st.rerun()


def render_result(settings: Settings, seg: Segmentation) -> None:
    report = seg.report
    lang = current_language()
    contacts = sum(1 for i in range(report.rows) if seg.title_of[i] >= 0)
    metrics = st.columns(4)
    metrics[0].metric(t("segments_rows"), report.rows)
    metrics[1].metric(t("segments_contacts"), contacts)
    metrics[2].metric(t("segments_accounts"), len(report.accounts))
    metrics[3].metric(t("segments_segments"), len(report.segments))
    st.caption(
        t(
            "segments_columns",
            columns=", ".join(f"{t_plain('field.' + f)} ← {c}" for f, c in report.columns.items()),
        )
    )
    render_hygiene(seg)
    render_coverage(seg)
    render_segment_sizes(seg)
    with (
        st.expander(t("segments_warnings"), expanded=True),
        content_container(seg.language, "seg-warnings"),
    ):
        for warning in report.warnings:
            st.markdown(f"- {escape_markdown(warning)}")
    render_contacts(seg)
    columns = st.columns(2)
    stem = Path(report.file).stem or "contacts"
    for column, suffix, mime in (
        (columns[0], ".csv", "text/csv"),
        (
            columns[1],
            ".xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ):
        # small files are prepared now; a large one only when its button is clicked
        data = (
            annotated_bytes(seg, suffix)
            if report.rows <= EAGER_DOWNLOAD_ROWS
            else lambda suffix=suffix: annotated_bytes(seg, suffix)
        )
        column.download_button(
            t("segments_download", kind=suffix[1:].upper()),
            data=data,
            file_name=f"{stem}-segmented{suffix}",
            mime=mime,
            key=f"seg-download-{suffix}",
            on_click="ignore",
        )
    render_content(settings, seg, lang)


def render_hygiene(seg: Segmentation) -> None:
    st.markdown(f"**{t('segments_hygiene')}**")
    text = messages().hygiene
    rows = []
    for key, value in seg.report.hygiene.model_dump().items():
        rows.append(
            {
                t_plain("segments_problem"): t_plain(f"hygiene.{key}"),
                t_plain("segments_count"): value,
                t_plain("segments_todo"): text[key].get(current_language(), n=value)
                if value
                else "—",
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def coverage_frames(seg: Segmentation, limit: int = ACCOUNTS_SHOWN) -> tuple[pd.DataFrame, Any]:
    """Accounts × roles: ✓ present (green), ✗ missing and needed (orange), · not needed."""
    needed = roles_needed(seg.purchase)
    accounts = seg.report.accounts[:limit]
    labels = {role: role_label(role) for role in ROLES}
    text: dict[str, list[str]] = {labels[role]: [] for role in ROLES}
    css: dict[str, list[str]] = {labels[role]: [] for role in ROLES}
    for account in accounts:
        for role in ROLES:
            if role in account.roles_present:
                text[labels[role]].append("✓")
                css[labels[role]].append("background-color: rgba(46, 160, 67, 0.55); color: #111")
            elif role in needed:
                text[labels[role]].append("✗")
                css[labels[role]].append("background-color: rgba(230, 120, 20, 0.55); color: #111")
            else:
                text[labels[role]].append("·")
                css[labels[role]].append("background-color: #f0f0f0; color: #888")
    index = [f"{a.account} ({a.coverage:.0%})" for a in accounts]
    return pd.DataFrame(text, index=index), pd.DataFrame(css, index=index)


def render_coverage(seg: Segmentation) -> None:
    st.markdown(f"**{t('segments_coverage')}**")
    st.caption(
        t("segments_coverage_legend", purchase=purchase_name(seg.purchase, current_language()))
    )
    if not seg.report.accounts:
        st.info(t("segments_no_accounts"))
        return
    labels, css = coverage_frames(seg)
    st.dataframe(labels.style.apply(lambda _: css, axis=None), width="stretch", key="seg-heatmap")
    if len(seg.report.accounts) > ACCOUNTS_SHOWN:
        st.caption(t("segments_more_accounts", n=len(seg.report.accounts) - ACCOUNTS_SHOWN))


def segment_labels(seg: Segmentation) -> list[str]:
    return [
        segment_name(s.industry, s.size_band, s.role, s.stage, current_language())
        for s in seg.report.segments
    ]


def render_segment_sizes(seg: Segmentation) -> None:
    st.markdown(f"**{t('segments_sizes')}**")
    names = segment_labels(seg)
    rows = [
        {
            t_plain("segments_segment"): name,
            t_plain("segments_contacts"): s.contacts,
            t_plain("segments_accounts"): s.accounts,
            t_plain("segments_warning"): s.warning or "",
        }
        for name, s in zip(names, seg.report.segments, strict=True)
    ]
    if not rows:
        return
    chart = pd.DataFrame(rows[:25]).set_index(t_plain("segments_segment"))
    st.bar_chart(chart[[t_plain("segments_contacts")]], horizontal=True)
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def render_contacts(seg: Segmentation) -> None:
    lang = current_language()
    with st.expander(t("segments_contact_table", n=min(CONTACTS_SHOWN, seg.table.rows))):
        rows = []
        for index in range(seg.table.rows):
            contact = seg.contact(index)
            if contact is None:
                continue
            rows.append(
                {
                    t_plain("col_row"): contact["row"],
                    t_plain("field.email"): contact["email"],
                    t_plain("field.title"): contact["title"],
                    t_plain("segments_account"): contact["account"] or "",
                    t_plain("col_seniority"): seniority_label(contact["seniority"], lang),
                    t_plain("col_function"): function_label(contact["function"], lang),
                    t_plain("col_roles"): ", ".join(role_label(r) for r in contact["roles"]),
                    t_plain("col_evidence"): contact["evidence"],
                    t_plain("col_flags"): ", ".join(
                        t_plain(f"flag.{f}") for f in contact["flags"] if f in FLAGS
                    ),
                }
            )
            if len(rows) >= CONTACTS_SHOWN:
                break
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def render_content(settings: Settings, seg: Segmentation, lang: str) -> None:
    """A segment's (or an account's missing roles') content plan, from the planner."""
    from assistant.ui.plan import render_plan

    st.markdown(f"**{t('segments_content')}**")
    summary = summarise(seg)
    names = segment_labels(seg)
    with_role = [i for i, s in enumerate(seg.report.segments) if s.role]
    gaps = [a.account for a in seg.report.accounts if a.roles_missing]
    columns = st.columns(2)
    with columns[0].form("seg-plan-segment"):
        choice = st.selectbox(
            t("segments_pick_segment"),
            with_role,
            format_func=labelled(with_role, lambda i: names[i]),
            key="seg-pick",
        )
        plan_for_segment = st.form_submit_button(t("segments_plan_segment"))
        brief_for_segment = st.form_submit_button(t("segments_brief_segment"))
    with columns[1].form("seg-plan-account"):
        account = st.selectbox(t("segments_pick_account"), gaps, key="seg-pick-account")
        plan_for_account = st.form_submit_button(t("segments_plan_account"))
    with reported_errors():
        if plan_for_segment and choice is not None:
            with st.spinner(t("working")):
                st.session_state["seg-plan"] = plan_segment(
                    settings, summary, choice, language=lang, retriever=get_retriever(settings)
                )
        if brief_for_segment and choice is not None:
            from assistant.briefs import BriefOptions, make_brief
            from assistant.segment_plans import segment_persona

            with st.spinner(t("working")):
                persona = segment_persona(summary, choice, language=lang)
                st.session_state["seg-plan"] = make_brief(
                    settings,
                    persona,
                    BriefOptions(language=lang),
                    retriever=get_retriever(settings),
                )
        if plan_for_account and account:
            with st.spinner(t("working")):
                st.session_state["seg-plan"] = plan_account_gaps(
                    settings, summary, account, language=lang, retriever=get_retriever(settings)
                )
    result = st.session_state.get("seg-plan")
    if isinstance(result, ContentPlan):
        render_plan(result, "seg-plan-view")
    elif result is not None:
        from assistant.ui.brief import render_brief

        render_brief(result, "seg-brief-view")


__all__ = ["label", "render_segments_view"]
