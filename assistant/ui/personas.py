"""Personas: the active account (sidebar) and the editor that validates before it saves."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.config import Settings
from assistant.domain import LANGUAGES, PURCHASE_TYPES, ROLES, is_rtl
from assistant.errors import AssistantError
from assistant.personas import (
    Persona,
    PersonaProblem,
    knowledge_personas,
    persona_id_for,
    persona_problems,
    persona_to_yaml,
    slugify,
)
from assistant.ui.i18n import labelled, language_name, purchase_label, role_label, t, t_plain
from assistant.ui.knowledge import run_ingest
from assistant.ui.render import content_container, escape_markdown, isolate

ACTIVE_KEY = "persona_id"
PENDING_KEY = "persona_pending"
FLASH_KEY = "persona_flash"
NEW = "__new__"
LIST_FIELDS = ("goals", "pains", "objections", "channels")


def all_personas(settings: Settings) -> list[Persona]:
    """The knowledge folder's personas, re-read only when a file changes (every rerun asks)."""
    return knowledge_personas(settings)[0]


def persona_labels(personas: list[Persona]) -> dict[str, str]:
    """What a user reads for each persona: the company name (with region and industry only
    where two share a name), never the id."""
    names = [persona.company for persona in personas]
    labels = {}
    for persona in personas:
        label = persona.company
        if names.count(persona.company) > 1:
            label += f" · {', '.join(p for p in (persona.region, persona.industry) if p)}"
        labels[persona.id] = label
    return labels


def persona_picker(settings: Settings) -> Persona | None:
    """The active persona: it scopes chat, plan, review role choices and briefs."""
    personas = all_personas(settings)
    by_id = {persona.id: persona for persona in personas}
    names = persona_labels(personas)
    options = ["", *by_id]
    if PENDING_KEY in st.session_state:
        st.session_state[ACTIVE_KEY] = st.session_state.pop(PENDING_KEY)
    if st.session_state.get(ACTIVE_KEY) not in options:
        st.session_state[ACTIVE_KEY] = ""
    chosen = st.selectbox(
        t("active_persona"),
        options,
        key=ACTIVE_KEY,
        format_func=labelled(options, lambda pid: names[pid] if pid else t_plain("no_persona")),
    )
    persona = by_id.get(chosen) if chosen else None
    if persona is not None:
        with content_container(persona.language, "persona-summary"):
            purchase = purchase_label(persona.purchase.type)
            if persona.purchase.strategic:
                purchase += f" · {t_plain('strategic')}"
            st.caption(
                escape_markdown(f"{persona.industry} · {persona.size} · {persona.region}")
                + " · "
                + isolate(escape_markdown(purchase), is_rtl(persona.language))
            )
            rtl = is_rtl(persona.language)
            st.caption(
                ", ".join(
                    f"{isolate(escape_markdown(role_label(m.role)), rtl)}: "
                    f"{isolate(escape_markdown(m.title), rtl)}"
                    for m in persona.buying_center
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
    names = persona_labels(personas)
    target = st.selectbox(
        t("edit_persona"),
        [NEW, *by_id],
        key="pe-target",
        format_func=labelled(
            [NEW, *by_id],
            lambda pid: t_plain("new_persona") if pid == NEW else names[pid],
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
    values, slots = persona_form(target, base, int(count))
    if values is None:
        return
    save_persona(settings, values, base, slots)


Slots = dict[str, Any]  # field path → placeholder where that field's problem is shown


def persona_form(
    target: str, base: Persona | None, count: int
) -> tuple[dict[str, Any] | None, Slots]:
    """The form; returns the raw values on submit (not yet validated) and a placeholder under
    every field, so each problem is shown next to the field it concerns."""
    prefix = f"pe-{target}"
    slots: Slots = {}

    def text_field(column: Any, path: str, value: str, **options: Any) -> str:
        entered = column.text_input(
            t(f"field_{path.rsplit('.', 1)[-1]}"), value=value, key=f"{prefix}-{path}", **options
        )
        slots[path] = column.empty()
        return entered

    with st.form(key=f"{prefix}-form"):
        slots[""] = st.empty()  # problems without a field of their own
        columns = st.columns(2)
        raw: dict[str, Any] = {
            "company": text_field(columns[0], "company", base.company if base else ""),
            "id": text_field(
                columns[1],
                "id",
                base.id if base else "",
                disabled=base is not None,
                help=t_plain("field_id_help"),
                placeholder=t_plain("field_id_placeholder"),
            ),
            "industry": text_field(columns[0], "industry", base.industry if base else ""),
            "size": text_field(columns[1], "size", base.size if base else ""),
            "region": text_field(columns[0], "region", base.region if base else ""),
        }
        raw["language"] = columns[1].selectbox(
            t("field_language"),
            LANGUAGES,
            index=LANGUAGES.index(base.language) if base else 0,
            format_func=labelled(LANGUAGES, language_name),
            key=f"{prefix}-language",
        )
        slots["language"] = columns[1].empty()
        raw["segment"] = text_field(
            columns[0],
            "segment",
            base.segment if base else "",
            help=t_plain("field_segment_help"),
        )
        purchase_type = columns[1].selectbox(
            t("field_purchase"),
            PURCHASE_TYPES,
            index=PURCHASE_TYPES.index(base.purchase.type) if base else 0,
            format_func=labelled(PURCHASE_TYPES, purchase_label),
            key=f"{prefix}-purchase",
        )
        slots["purchase.type"] = columns[1].empty()
        offering = st.text_input(
            t("field_offering"),
            value=base.purchase.offering if base else "",
            key=f"{prefix}-offering",
        )
        slots["purchase.offering"] = st.empty()
        strategic = st.checkbox(
            t("field_strategic"),
            value=base.purchase.strategic if base else False,
            key=f"{prefix}-strategic",
        )
        raw["purchase"] = {"type": purchase_type, "strategic": strategic, "offering": offering}
        members = []
        for index in range(count):
            member = base.buying_center[index] if base and index < len(base.buying_center) else None
            members.append(member_fields(prefix, index, member, slots))
        raw["buying_center"] = members
        raw["notes"] = st.text_area(
            t("field_notes"), value=base.notes if base else "", key=f"{prefix}-notes"
        )
        slots["notes"] = st.empty()
        submitted = st.form_submit_button(t("save_persona"), type="primary")
        slots["summary"] = st.empty()
    return (raw if submitted else None), slots


def member_fields(prefix: str, index: int, member: Any, slots: Slots) -> dict[str, Any]:
    path = f"buying_center.{index}"
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
        slots[f"{path}.role"] = columns[0].empty()
        title = columns[1].text_input(
            t("field_title"), value=member.title if member else "", key=f"{prefix}-m{index}-title"
        )
        slots[f"{path}.title"] = columns[1].empty()
        values: dict[str, Any] = {"role": role, "title": title}
        columns = st.columns(4)
        for column, name in zip(columns, LIST_FIELDS, strict=True):
            text = column.text_area(
                t(f"field_{name}"),
                value="\n".join(getattr(member, name)) if member else "",
                help=t_plain("one_per_line"),
                key=f"{prefix}-m{index}-{name}",
            )
            slots[f"{path}.{name}"] = column.empty()
            values[name] = [line.strip() for line in text.splitlines() if line.strip()]
        slots[path] = st.empty()
    return values


def slot_for(slots: Slots, field: str) -> Any:
    """The placeholder of the field, or of its nearest enclosing field (a list item's list)."""
    parts = field.split(".")
    while parts:
        found = slots.get(".".join(parts))
        if found is not None:
            return found
        parts.pop()
    return slots[""]


def show_problems(slots: Slots, problems: list[PersonaProblem], persona_id: str) -> None:
    """Every problem at once, in plain words, each next to its field; a summary under the form."""
    by_slot: dict[int, tuple[Any, list[str]]] = {}
    for problem in problems:
        field = problem.field.rsplit(".", 1)[-1]
        kind = "id_slug" if problem.kind == "slug" and field == "id" else problem.kind
        slot = slot_for(slots, problem.field)
        by_slot.setdefault(id(slot), (slot, []))[1].append(t(f"problem_{kind}", id=persona_id))
    for slot, messages in by_slot.values():
        slot.error("  \n".join(dict.fromkeys(messages)))
    slots["summary"].error(t("persona_problems", count=len(problems)))


def save_persona(
    settings: Settings, raw: dict[str, Any], existing: Persona | None, slots: Slots
) -> None:
    """Validate against the schema first; every problem is shown next to its field and nothing
    is saved until there are none. An empty id is made from the company name; the segment may
    be free text (stored as its slug)."""
    company = str(raw.get("company", "")).strip()
    persona_id = existing.id if existing else str(raw.get("id", "")).strip()
    raw["id"] = persona_id or persona_id_for(company)
    segment = str(raw.get("segment", "")).strip()
    raw["segment"] = slugify(segment, any_script=True) if segment else ""
    problems = persona_problems(raw)
    folder = settings.knowledge_dir / "personas"
    if existing is None and not any(problem.field == "id" for problem in problems):
        taken = {persona.id for persona in all_personas(settings)}
        if (folder / f"{raw['id']}.yaml").exists() or raw["id"] in taken:
            problems.insert(0, PersonaProblem(field="id", kind="taken", detail="id in use"))
    if problems:
        show_problems(slots, problems, raw["id"])
        return
    persona = Persona.model_validate(raw)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{persona.id}.yaml"  # the id is a validated slug: a safe file name
    path.write_text(persona_to_yaml(persona), encoding="utf-8")
    try:
        report = run_ingest(settings)
    except AssistantError as error:
        st.error(escape_markdown(str(error)))
        return
    st.session_state[FLASH_KEY] = t("persona_saved", company=persona.company, chunks=report.chunks)
    st.session_state[PENDING_KEY] = persona.id
    st.rerun()
