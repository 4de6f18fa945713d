"""Plan view: the role × stage matrix as a heatmap, a cell's suggestions, exports."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from assistant.config import Settings
from assistant.domain import LANGUAGES, ROLES, STAGES
from assistant.personas import Persona
from assistant.plan_export import plan_to_csv, plan_to_markdown
from assistant.planner import ContentPlan, PlanCell, kpi_name, make_plan
from assistant.ui.citations import render_citations
from assistant.ui.i18n import labelled, language_name, role_label, stage_label, t, t_plain
from assistant.ui.render import (
    content_container,
    download_buttons,
    escape_markdown,
    reported_errors,
)
from assistant.ui.resources import get_retriever

PLAN_KEY = "plan_result"


def render_plan_view(settings: Settings, persona: Persona | None) -> None:
    st.subheader(t("plan_title"))
    if persona is None:
        st.info(t("pick_persona"))
        return
    roles_in_order = [role for role in ROLES if role in persona.roles]
    with st.form("plan-form"):
        columns = st.columns(3)
        roles = columns[0].multiselect(
            t("roles"),
            roles_in_order,
            format_func=labelled(ROLES, role_label),
            placeholder=t_plain("all"),
        )
        stages = columns[1].multiselect(
            t("stages"),
            STAGES,
            format_func=labelled(STAGES, stage_label),
            placeholder=t_plain("all"),
        )
        language = columns[2].selectbox(
            t("content_language"),
            LANGUAGES,
            index=LANGUAGES.index(persona.language),
            format_func=labelled(LANGUAGES, language_name),
        )
        submitted = st.form_submit_button(t("make_plan"), type="primary")
    if submitted:
        with reported_errors(), st.spinner(t("working")):
            st.session_state[PLAN_KEY] = make_plan(
                settings,
                persona,
                roles=roles or None,
                stages=stages or None,
                language=language,
                retriever=get_retriever(settings),
            )
    plan: ContentPlan | None = st.session_state.get(PLAN_KEY)
    if plan is not None and plan.persona == persona.id:
        render_plan(plan, "plan")


def cell_text(cell: PlanCell) -> str:
    return t_plain(
        "cell_value",
        suggestions=len(cell.suggestions),
        assets=len(cell.covered_by),
    )


def heatmap_frames(plan: ContentPlan) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(labels, css): one row per role, one column per stage, in buying order."""
    roles = [role for role in ROLES if any(cell.role == role for cell in plan.cells)]
    stages = [stage for stage in STAGES if any(cell.stage == stage for cell in plan.cells)]
    cells = {(cell.role, cell.stage): cell for cell in plan.cells}
    most = max((len(cell.suggestions) for cell in plan.cells), default=1) or 1
    text: dict[str, list[str]] = {}
    css: dict[str, list[str]] = {}
    for stage in stages:
        column_text, column_css = [], []
        for role in roles:
            cell = cells.get((role, stage))
            if cell is None:
                column_text.append("—")
                column_css.append("background-color: #f0f0f0; color: #888")
                continue
            column_text.append(cell_text(cell))
            strength = 0.25 + 0.6 * len(cell.suggestions) / most
            colour = (46, 160, 67) if cell.covered else (230, 120, 20)
            column_css.append(
                f"background-color: rgba({colour[0]}, {colour[1]}, {colour[2]}, {strength:.2f});"
                " color: #111"
            )
        text[stage_label(stage)] = column_text
        css[stage_label(stage)] = column_css
    index = [role_label(role) for role in roles]
    return pd.DataFrame(text, index=index), pd.DataFrame(css, index=index)


def render_plan(plan: ContentPlan, key: str) -> None:
    """The whole plan: heatmap, cell picker with suggestions and citations, packs, downloads."""
    total = sum(len(cell.suggestions) for cell in plan.cells)
    columns = st.columns(3)
    columns[0].metric(t("metric_cells"), len(plan.cells))
    columns[1].metric(t("metric_empty_cells"), len(plan.empty_cells))
    columns[2].metric(t("metric_suggestions"), total)
    with content_container(plan.language, f"{key}-warnings"):
        for warning in plan.warnings:
            st.caption(escape_markdown(warning))
    labels, css = heatmap_frames(plan)
    st.markdown(f"**{t('heatmap_title')}**")
    st.caption(t("heatmap_legend"))
    event = st.dataframe(
        labels.style.apply(lambda _: css, axis=None),
        width="stretch",
        key=f"{key}-heatmap",
        on_select="rerun",
        selection_mode="single-cell",
    )
    select_clicked_cell(plan, labels, event, key)
    render_cell_picker(plan, key)
    if plan.proof_packs:
        with st.expander(t("proof_packs")), content_container(plan.language, f"{key}-packs"):
            for pack in plan.proof_packs:
                st.markdown(
                    f"**{escape_markdown(role_label(pack.role))}: "
                    f"{escape_markdown(pack.member_title)}**"
                )
                for answer in pack.objections:
                    objection = escape_markdown(answer.objection)
                    st.markdown(f"- {objection} → {escape_markdown(answer.evidence)}")
    if plan.assets:
        with st.expander(t("assets_title")):
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            t_plain("col_source"): asset.source,
                            t_plain("col_title"): asset.title,
                            t_plain("col_format"): asset.format,
                            t_plain("col_roles"): ", ".join(map(role_label, asset.roles)),
                            t_plain("col_stages"): ", ".join(map(stage_label, asset.stages)),
                            t_plain("col_score"): asset.review_score,
                            t_plain("col_verdict"): t_plain(f"verdict_{asset.verdict}"),
                        }
                        for asset in plan.assets
                    ]
                ),
                hide_index=True,
                width="stretch",
            )
    download_buttons(
        [
            (
                t("download_markdown"),
                plan_to_markdown(plan),
                f"plan-{plan.persona}.md",
                "text/markdown",
            ),
            (t("download_csv"), plan_to_csv(plan), f"plan-{plan.persona}.csv", "text/csv"),
        ],
        key,
    )


def select_clicked_cell(plan: ContentPlan, labels: pd.DataFrame, event: Any, key: str) -> None:
    """A click on a heatmap cell picks that cell in the picker below (once per click)."""
    cells = list(getattr(getattr(event, "selection", None), "cells", None) or [])
    if not cells or st.session_state.get(f"{key}-clicked") == cells[0]:
        return
    st.session_state[f"{key}-clicked"] = cells[0]
    row, column = cells[0]
    role = ROLES[[role_label(r) for r in ROLES].index(labels.index[int(row)])]
    stage = STAGES[[stage_label(s) for s in STAGES].index(column)]
    for index, cell in enumerate(plan.cells):
        if (cell.role, cell.stage) == (role, stage):
            st.session_state[f"{key}-cell"] = index


def render_cell_picker(plan: ContentPlan, key: str) -> None:
    """Pick one cell (empty cells first, as the plan orders them) and see its suggestions."""
    if not plan.cells:
        return
    labels = [
        t_plain(
            "cell_option_empty" if not cell.covered else "cell_option_covered",
            role=role_label(cell.role),
            stage=stage_label(cell.stage),
        )
        for cell in plan.cells
    ]
    index = st.selectbox(
        t("pick_cell"),
        range(len(plan.cells)),
        format_func=lambda i: labels[i],
        key=f"{key}-cell",
    )
    cell = plan.cells[index]
    with content_container(plan.language, f"{key}-cell-body"):
        if cell.asks:
            st.markdown(f"*{escape_markdown(cell.asks)}*")
        if cell.covered_by:
            st.caption(t("covered_by", sources=", ".join(cell.covered_by)))
        else:
            st.caption(t("not_covered"))
        if not cell.suggestions:
            st.info(t("no_suggestion"))
        for number, suggestion in enumerate(cell.suggestions, 1):
            with st.container(border=True):
                st.markdown(f"**{escape_markdown(suggestion.title)}**")
                for field_key, value in (
                    ("s_format", suggestion.format),
                    ("s_angle", suggestion.angle),
                    ("s_proof", suggestion.proof),
                    ("s_cta", suggestion.cta),
                    ("s_channel", suggestion.channel),
                    ("s_kpi", kpi_name(suggestion.kpi, plan.language)),
                ):
                    st.markdown(f"**{t(field_key)}:** {escape_markdown(value)}")
                st.caption(t("review_score_line", score=suggestion.review_score))
                render_citations(
                    suggestion.citations,
                    suggestion.as_text(),
                    f"{key}-{cell.role}-{cell.stage}-{number}",
                    language=plan.language,
                )
