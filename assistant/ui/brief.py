"""Brief view: the form, the brief with its funnel chart and stage fit, Markdown/DOCX exports."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from assistant.brief_export import brief_to_docx, brief_to_markdown
from assistant.briefs import OBJECTIVES, Brief, BriefOptions, make_brief, objective_label
from assistant.config import Settings
from assistant.domain import LANGUAGES, STAGES
from assistant.numbers import format_date, format_money
from assistant.personas import Persona
from assistant.ui.citations import render_citations
from assistant.ui.i18n import (
    current_language,
    labelled,
    language_name,
    role_label,
    stage_label,
    t,
    t_plain,
)
from assistant.ui.personas import all_personas, persona_labels
from assistant.ui.render import (
    content_container,
    download_buttons,
    escape_markdown,
    reported_errors,
)
from assistant.ui.resources import get_retriever

BRIEF_KEY = "brief_result"
MD = "text/markdown"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def parse_channels(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


def render_brief_view(settings: Settings, active: Persona | None) -> None:
    st.subheader(t("brief_title"))
    personas = all_personas(settings)
    if not personas:
        st.info(t("no_personas"))
        return
    by_id = {persona.id: persona for persona in personas}
    ids = list(by_id)
    with st.form("brief-form"):
        columns = st.columns(2)
        persona_id = columns[0].selectbox(
            t("persona"),
            ids,
            index=ids.index(active.id) if active is not None and active.id in ids else 0,
            format_func=labelled(ids, persona_labels(personas).__getitem__),
        )
        objective = columns[1].selectbox(
            t("objective"),
            OBJECTIVES,
            format_func=labelled(OBJECTIVES, lambda o: objective_label(o, current_language())),
        )
        stage = columns[0].selectbox(
            t("stage"),
            ["", *STAGES],
            format_func=labelled(
                ["", *STAGES], lambda s: stage_label(s) if s else t_plain("stage_auto")
            ),
        )
        language = columns[1].selectbox(
            t("content_language"),
            ["", *LANGUAGES],
            format_func=labelled(
                ["", *LANGUAGES],
                lambda code: language_name(code) if code else t_plain("persona_language"),
            ),
        )
        channels = st.text_input(t("channels"), help=t_plain("channels_help"))
        columns = st.columns(3)
        owner = columns[0].text_input(t("brief_owner"), key="brief-owner")
        approver = columns[1].text_input(t("brief_approver"), key="brief-approver")
        start_date = columns[2].date_input(t("brief_start"), value=date.today(), key="brief-start")
        columns = st.columns(4)
        budget = columns[0].text_input(
            t("budget"),
            placeholder=f"15000 {settings.currency}",
            help=t_plain("budget_help"),
            key="brief-budget",
        )
        cpl = columns[1].number_input(t("cpl"), min_value=0.0, value=0.0, step=10.0)
        target_leads = columns[2].number_input(t("target_leads"), min_value=0, value=0)
        target_deals = columns[3].number_input(t("target_deals"), min_value=0, value=0)
        submitted = st.form_submit_button(t("make_brief"), type="primary")
    if submitted:
        options = BriefOptions(
            objective=objective,
            stage=stage or None,
            channels=parse_channels(channels),
            budget=budget.strip() or None,
            cpl=cpl or None,
            target_leads=int(target_leads) or None,
            target_deals=int(target_deals) or None,
            language=language or None,
            start_date=start_date if isinstance(start_date, date) else None,
            owner=owner,
            approver=approver,
        )
        with reported_errors(), st.spinner(t("working")):
            st.session_state[BRIEF_KEY] = make_brief(
                settings,
                by_id[persona_id],
                options,
                retriever=get_retriever(settings),
            )
    brief: Brief | None = st.session_state.get(BRIEF_KEY)
    if brief is not None:
        render_brief(brief, "brief")


def render_brief(brief: Brief, key: str) -> None:
    """The brief: stage fit, owner, audience, messages, content, timeline, KPIs, funnel, exports."""
    st.markdown(
        t(
            "brief_heading",
            persona=brief.company or brief.persona,
            objective=objective_label(brief.objective, current_language()),
            stage=stage_label(brief.stage),
        )
    )
    if brief.stage_fit.verdict == "fits":
        st.success(t("stage_fits"))
    else:
        st.warning(t("stage_mismatch"))
    blank = "________"
    st.caption(
        t(
            "brief_people",
            owner=brief.owner or blank,
            approver=brief.approver or blank,
            start=format_date(brief.start_date, current_language()) if brief.start_date else blank,
        )
    )
    with content_container(brief.language, f"{key}-body"):
        for problem in brief.stage_fit.problems:
            st.markdown(f"- {escape_markdown(problem)}")
        for warning in brief.warnings:
            st.caption(escape_markdown(warning))
        st.markdown(f"**{t('audience')}**")
        for member in brief.audience:
            st.markdown(
                f"- **{escape_markdown(role_label(member.role))}** "
                f"({escape_markdown(member.title)}): {escape_markdown(member.needs)}"
            )
        st.markdown(f"**{t('key_messages')}**")
        for message in brief.key_messages:
            st.markdown(
                f"- **{escape_markdown(role_label(message.role))}:** "
                f"{escape_markdown(message.message)}"
            )
        st.caption(t("review_score_line", score=brief.review_score))
        st.markdown(f"**{t('content_pieces')}**")
        for piece in brief.content:
            st.markdown(
                f"- {escape_markdown(piece.title)} ({escape_markdown(piece.format)}) → "
                f"{escape_markdown(piece.cta)} · {escape_markdown(piece.channel)}"
            )
        st.markdown(f"**{t('channels_title')}:** {escape_markdown(', '.join(brief.channels))}")
        if brief.timeline:
            st.markdown(f"**{t('brief_timeline')}**")
            for phase in brief.timeline:
                st.markdown(
                    f"- {escape_markdown(format_date(phase.start, brief.language))} – "
                    f"{escape_markdown(format_date(phase.end, brief.language))}: "
                    f"{escape_markdown(phase.name)}"
                )
        st.markdown(f"**{t('kpis')}**")
        for kpi in brief.kpis:
            st.markdown(f"- {escape_markdown(kpi.name)}: {escape_markdown(kpi.display or '—')}")
    if brief.funnel is not None:
        render_funnel(brief)
    with st.expander(t("email_checklist")), content_container(brief.language, f"{key}-check"):
        for item in brief.email_checklist:
            st.markdown(f"- {escape_markdown(item)}")
    if brief.citations:
        st.markdown(f"**{t('sources')}**")
        render_citations(brief.citations, brief_to_markdown(brief), key, language=brief.language)
    download_buttons(
        [
            (t("download_markdown"), brief_to_markdown(brief), f"brief-{brief.persona}.md", MD),
            (t("download_docx"), brief_to_docx(brief), f"brief-{brief.persona}.docx", DOCX),
        ],
        key,
    )


def render_funnel(brief: Brief) -> None:
    funnel = brief.funnel
    assert funnel is not None
    language = current_language()
    st.markdown(f"**{t('funnel_title')}**")
    steps = [
        (t_plain("funnel_leads"), funnel.leads),
        (t_plain("funnel_mql"), funnel.mqls),
        (t_plain("funnel_sql"), funnel.sqls),
        (t_plain("funnel_deals"), funnel.deals),
    ]
    frame = pd.DataFrame(
        {t_plain("funnel_count"): [value for _, value in steps]},
        index=[name for name, _ in steps],
    )
    st.bar_chart(frame, sort=False)
    columns = st.columns(4)
    columns[0].metric(t("metric_budget"), format_money(funnel.budget, funnel.currency, language))
    columns[1].metric("CPL", format_money(funnel.cpl, funnel.currency, language))
    columns[2].metric(t("metric_cost_per_sql"), money(funnel.cost_per_sql, funnel.currency))
    columns[3].metric("CPA", money(funnel.cpa, funnel.currency))
    st.caption(escape_markdown(t_plain("assumptions") + ": " + "; ".join(funnel.assumptions)))
    for warning in funnel.warnings:
        st.warning(escape_markdown(warning))


def money(value: float | None, currency: str) -> str:
    return "—" if value is None else format_money(value, currency, current_language())
