"""Personas: the active account (sidebar) and the editor that validates before it saves."""

from __future__ import annotations

from typing import Any

import streamlit as st
import yaml

from assistant.config import Settings
from assistant.domain import LANGUAGES, PURCHASE_TYPES, ROLES
from assistant.errors import AssistantError, PersonaError
from assistant.personas import Persona, load_personas, parse_persona, persona_to_yaml
from assistant.ui.i18n import labelled, language_name, purchase_label, role_label, t, t_plain
from assistant.ui.knowledge import run_ingest
from assistant.ui.render import content_container, escape_markdown

ACTIVE_KEY = "persona_id"
PENDING_KEY = "persona_pending"
FLASH_KEY = "persona_flash"
NEW = "__new__"
LIST_FIELDS = ("goals", "pains", "objections", "channels")


def all_personas(settings: Settings) -> list[Persona]:
    return load_personas(settings.knowledge_dir / "personas")[0]


def persona_picker(settings: Settings) -> Persona | None:
    """The active persona: it scopes chat, plan, review role choices and briefs."""
    personas = all_personas(settings)
    by_id = {persona.id: persona for persona in personas}
    options = ["", *by_id]
    if PENDING_KEY in st.session_state:
        st.session_state[ACTIVE_KEY] = st.session_state.pop(PENDING_KEY)
    if st.session_state.get(ACTIVE_KEY) not in options:
        st.session_state[ACTIVE_KEY] = ""
    chosen = st.selectbox(
        t("active_persona"),
        options,
        key=ACTIVE_KEY,
        format_func=labelled(
            options,
            lambda pid: t_plain("no_persona") if not pid else f"{by_id[pid].company} ({pid})",
        ),
    )
    persona = by_id.get(chosen) if chosen else None
    if persona is not None:
        with content_container(persona.language, "persona-summary"):
            st.caption(
                escape_markdown(
                    f"{persona.industry} · {persona.size} · {persona.region} · "
                    f"{purchase_label(persona.purchase.type)}"
                    + (f" · {t_plain('strategic')}" if persona.purchase.strategic else "")
                )
            )
            st.caption(
                escape_markdown(
                    ", ".join(f"{role_label(m.role)}: {m.title}" for m in persona.buying_center)
                )
            )
    return persona


def render_persona_view(settings: Settings) -> None:
    """Create or edit a persona; saved only when the schema accepts it, then reindexed."""
    st.subheader(t("persona_editor_title"))
    flash = st.session_state.pop(FLASH_KEY, None)
    if flash:
        st.success(flash)
    personas = all_personas(settings)
    by_id = {persona.id: persona for persona in personas}
    target = st.selectbox(
        t("edit_persona"),
        [NEW, *by_id],
        key="pe-target",
        format_func=labelled(
            [NEW, *by_id],
            lambda pid: t_plain("new_persona") if pid == NEW else f"{by_id[pid].company} ({pid})",
        ),
    )
    base = by_id.get(target)
    count = st.number_input(
        t("member_count"),
        min_value=1,
        max_value=12,
        value=len(base.buying_center) if base else 1,
        key=f"pe-{target}-count",
    )
    values = persona_form(target, base, int(count))
    if values is None:
        return
    save_persona(settings, values, existing=base)


def persona_form(target: str, base: Persona | None, count: int) -> dict[str, Any] | None:
    """The form; returns the raw values on submit (not yet validated)."""
    prefix = f"pe-{target}"
    with st.form(key=f"{prefix}-form"):
        columns = st.columns(2)
        raw: dict[str, Any] = {
            "id": columns[0].text_input(
                t("field_id"),
                value=base.id if base else "",
                disabled=base is not None,
                help=t_plain("field_id_help"),
                key=f"{prefix}-id",
            ),
            "company": columns[1].text_input(
                t("field_company"), value=base.company if base else "", key=f"{prefix}-company"
            ),
            "industry": columns[0].text_input(
                t("field_industry"), value=base.industry if base else "", key=f"{prefix}-industry"
            ),
            "size": columns[1].text_input(
                t("field_size"), value=base.size if base else "", key=f"{prefix}-size"
            ),
            "region": columns[0].text_input(
                t("field_region"), value=base.region if base else "", key=f"{prefix}-region"
            ),
            "language": columns[1].selectbox(
                t("field_language"),
                LANGUAGES,
                index=LANGUAGES.index(base.language) if base else 0,
                format_func=labelled(LANGUAGES, language_name),
                key=f"{prefix}-language",
            ),
            "segment": columns[0].text_input(
                t("field_segment"), value=base.segment if base else "", key=f"{prefix}-segment"
            ),
        }
        purchase_type = columns[1].selectbox(
            t("field_purchase"),
            PURCHASE_TYPES,
            index=PURCHASE_TYPES.index(base.purchase.type) if base else 0,
            format_func=labelled(PURCHASE_TYPES, purchase_label),
            key=f"{prefix}-purchase",
        )
        offering = st.text_input(
            t("field_offering"),
            value=base.purchase.offering if base else "",
            key=f"{prefix}-offering",
        )
        strategic = st.checkbox(
            t("field_strategic"),
            value=base.purchase.strategic if base else False,
            key=f"{prefix}-strategic",
        )
        raw["purchase"] = {"type": purchase_type, "strategic": strategic, "offering": offering}
        members = []
        for index in range(count):
            member = base.buying_center[index] if base and index < len(base.buying_center) else None
            members.append(member_fields(prefix, index, member))
        raw["buying_center"] = members
        raw["notes"] = st.text_area(
            t("field_notes"), value=base.notes if base else "", key=f"{prefix}-notes"
        )
        submitted = st.form_submit_button(t("save_persona"), type="primary")
    return raw if submitted else None


def member_fields(prefix: str, index: int, member: Any) -> dict[str, Any]:
    with st.container(border=True):
        st.markdown(t("member_heading", number=index + 1))
        columns = st.columns(2)
        role = columns[0].selectbox(
            t("field_role"),
            ROLES,
            index=ROLES.index(member.role) if member else 0,
            format_func=labelled(ROLES, role_label),
            key=f"{prefix}-m{index}-role",
        )
        title = columns[1].text_input(
            t("field_title"), value=member.title if member else "", key=f"{prefix}-m{index}-title"
        )
        values: dict[str, Any] = {"role": role, "title": title}
        columns = st.columns(4)
        for column, name in zip(columns, LIST_FIELDS, strict=True):
            text = column.text_area(
                t(f"field_{name}"),
                value="\n".join(getattr(member, name)) if member else "",
                help=t_plain("one_per_line"),
                key=f"{prefix}-m{index}-{name}",
            )
            values[name] = [line.strip() for line in text.splitlines() if line.strip()]
    return values


def save_persona(settings: Settings, raw: dict[str, Any], existing: Persona | None) -> None:
    """Validate against the schema first; on an error show it (naming the field), save nothing."""
    persona_id = str(raw.get("id", "")).strip()
    raw["id"] = persona_id
    text = yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)
    try:
        persona = parse_persona(text, f"personas/{persona_id or '?'}.yaml")
    except PersonaError as error:
        st.error(escape_markdown(str(error)))
        return
    folder = settings.knowledge_dir / "personas"
    path = folder / f"{persona.id}.yaml"  # the id is a validated slug: a safe file name
    if existing is None and (path.exists() or persona.id in {p.id for p in all_personas(settings)}):
        st.error(t("persona_exists", id=persona.id))
        return
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(persona_to_yaml(persona), encoding="utf-8")
    try:
        report = run_ingest(settings)
    except AssistantError as error:
        st.error(escape_markdown(str(error)))
        return
    st.session_state[FLASH_KEY] = t("persona_saved", id=persona.id, chunks=report.chunks)
    st.session_state[PENDING_KEY] = persona.id
    st.rerun()
