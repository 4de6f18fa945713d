"""Knowledge view: what is indexed, personas' validity, uploads, reindexing, knowledge gaps."""

from __future__ import annotations

import math
import time
from pathlib import Path

import pandas as pd
import streamlit as st

from assistant.config import Settings
from assistant.index import IngestError, IngestReport, index_status, ingest, last_report
from assistant.personas import load_personas
from assistant.text import printable
from assistant.ui.i18n import language_name, strings, t, t_plain, upload_help
from assistant.ui.render import reported_errors, upload_limit_mb
from assistant.ui.resources import get_history
from assistant.uploads import (
    UPLOAD_FOLDER,
    UPLOAD_SUFFIXES,
    safe_file_name,
    save_upload,
    upload_target,
)

PENDING_KEY = "kn-pending"


def run_ingest(settings: Settings) -> IngestReport:
    """Sync the index, with a progress bar that moves per embedding batch and estimates the rest."""
    bar = st.progress(0.0, text=t("progress_start"))
    began: dict[str, float] = {}

    def progress(phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        started = began.setdefault(phase, now)
        text = t(f"progress_{phase}", done=done, total=total)
        if phase == "embed" and 0 < done < total:
            left = (now - started) / done * (total - done)
            text = f"{text} · {t('progress_left', seconds=max(1, math.ceil(left)))}"
        bar.progress(min(1.0, done / total if total else 1.0), text=text)

    report = ingest(settings, progress=progress)
    bar.progress(1.0, text=t("progress_done"))
    return report


def show_ingest_report(report: IngestReport) -> None:
    st.success(
        t(
            "reindex_done",
            added=report.added,
            updated=report.updated,
            deleted=report.deleted,
            unchanged=report.unchanged,
            chunks=report.chunks,
        )
    )
    show_ingest_problems(report.errors, "ingest_problems")


def show_ingest_problems(errors: list[IngestError], title: str) -> None:
    """Each file's problem in words (the kind of problem in the user's language, then the
    detail), one row per file: never a traceback."""
    if not errors:
        return
    st.warning(t(title, count=len(errors)))
    known = strings()
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t_plain("col_file"): printable(error.path),
                    t_plain("col_problem"): t_plain(f"problem_{error.code}")
                    if f"problem_{error.code}" in known
                    else t_plain("problem_failed"),
                    t_plain("col_details"): error.message,
                }
                for error in errors
            ]
        ),
        hide_index=True,
        width="stretch",
    )


def ensure_index(settings: Settings) -> None:
    """First start with an empty index: ingest the knowledge folder, with a progress bar."""
    if st.session_state.get("index_checked") == str(settings.data_dir):
        return
    with reported_errors():
        if index_status(settings)["chunks"] == 0:
            st.info(t("first_ingest"))
            show_ingest_report(run_ingest(settings))
        st.session_state["index_checked"] = str(settings.data_dir)


def render_knowledge_view(settings: Settings) -> None:
    st.subheader(t("knowledge_title"))
    status_area = st.container()  # filled last, so it shows what a reindex below just did
    st.divider()
    render_personas_status(settings)
    st.divider()
    render_uploads(settings)
    st.divider()
    st.markdown(f"**{t('reindex_title')}**")
    st.caption(t("reindex_help"))
    if st.button(t("reindex"), key="kn-reindex", type="primary"):
        with reported_errors():
            show_ingest_report(run_ingest(settings))
    st.divider()
    render_gaps(settings)
    with status_area, reported_errors():
        render_status(settings)


def render_status(settings: Settings) -> None:
    from assistant.knowledge import discover

    status = index_status(settings)
    sources: dict[str, int] = status["sources"]
    on_disk = [file.source for file in discover(settings.knowledge_dir)]
    rows = [
        {
            t_plain("col_source"): printable(source),
            t_plain("col_chunks"): sources.get(source, 0),
            t_plain("col_status"): t_plain("indexed" if source in sources else "not_indexed"),
        }
        for source in sorted(set(on_disk) | set(sources))
    ]
    columns = st.columns(2)
    columns[0].metric(t("metric_files"), len(rows))
    columns[1].metric(t("metric_chunks"), status["chunks"])
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    report = last_report(settings)
    if report is not None and not st.session_state.get("kn-reindex"):  # else shown below
        show_ingest_problems(report.errors, "last_ingest_problems")


def render_personas_status(settings: Settings) -> None:
    st.markdown(f"**{t('personas_title')}**")
    personas, errors = load_personas(settings.knowledge_dir / "personas")
    if personas:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t_plain("col_company"): persona.company,
                        t_plain("col_file"): f"personas/{persona.id}.yaml",
                        t_plain("col_language"): language_name(persona.language),
                        t_plain("col_status"): t_plain("valid"),
                    }
                    for persona in personas
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    if errors:
        st.error(t("invalid_personas", count=len(errors)))
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t_plain("col_file"): Path(error.path).name,
                        t_plain("col_field"): getattr(error, "field", ""),
                        t_plain("col_reason"): error.reason,
                    }
                    for error in errors
                ]
            ),
            hide_index=True,
            width="stretch",
        )


UPLOADER_KEY = "kn-upload"
GENERATION_KEY = "kn-upload-generation"
SAVED_KEY = "kn-saved"


def uploader_key() -> str:
    """The uploader's key: a new one after each save, so the saved files leave the uploader."""
    generation = st.session_state.get(GENERATION_KEY, 0)
    return UPLOADER_KEY if not generation else f"{UPLOADER_KEY}-{generation}"


def render_uploads(settings: Settings) -> None:
    st.markdown(f"**{t('upload_title')}**")
    folder = f"knowledge/{UPLOAD_FOLDER}"
    st.caption(t("upload_help", mb=f"{settings.max_file_mb:g}", folder=folder))
    files = st.file_uploader(
        t("upload_files"),
        type=sorted(suffix.lstrip(".") for suffix in UPLOAD_SUFFIXES),
        accept_multiple_files=True,
        key=uploader_key(),
        max_upload_size=upload_limit_mb(settings),
        help=upload_help(settings.max_file_mb, "ASSISTANT_MAX_FILE_MB"),
    )
    for name in st.session_state.pop(SAVED_KEY, []):
        st.success(t("upload_saved", name=name))
    if files and st.button(t("save_uploads"), key="kn-save"):
        pending: dict[str, bytes] = st.session_state.get(PENDING_KEY, {})
        saved: list[str] = []
        for file in files:
            store_uploaded(settings, file.name, file.getvalue(), pending, saved)
        st.session_state[PENDING_KEY] = pending
        st.session_state[SAVED_KEY] = saved
        st.session_state[GENERATION_KEY] = st.session_state.get(GENERATION_KEY, 0) + 1
        st.rerun()
    pending = st.session_state.get(PENDING_KEY, {})
    for name, data in list(pending.items()):
        with reported_errors():
            safe = safe_file_name(name)
            st.warning(t("upload_exists", name=safe))
            if st.button(t("replace_file", name=safe), key=f"kn-replace-{safe}"):
                del pending[name]
                path = save_upload(
                    settings.knowledge_dir, name, data, settings.max_file_bytes, overwrite=True
                )
                st.session_state[SAVED_KEY] = [path.name]
                st.rerun()


def store_uploaded(
    settings: Settings, name: str, data: bytes, pending: dict[str, bytes], saved: list[str]
) -> None:
    """Save one upload; an existing name is queued for an explicit replace, never overwritten."""
    with reported_errors():
        if upload_target(settings.knowledge_dir, name).exists():
            pending[name] = data
            return
        path = save_upload(settings.knowledge_dir, name, data, settings.max_file_bytes)
        saved.append(path.name)


def render_gaps(settings: Settings) -> None:
    st.markdown(f"**{t('gaps_title')}**")
    gaps = get_history(settings).gaps()
    if not gaps:
        st.caption(t("gaps_none"))
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t_plain("col_question"): gap.question,
                    t_plain("col_reason"): gap.reason,
                    t_plain("col_answer"): gap.answer,
                    t_plain("col_date"): gap.created,
                }
                for gap in gaps
            ]
        ),
        hide_index=True,
        width="stretch",
    )
