"""The page's rough edges (issue 14, "The page"): uploads, counts, persona form, layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_app import button, open_page, texts


@pytest.fixture
def page_data(indexed_knowledge: Path) -> Path:
    return indexed_knowledge


@pytest.mark.parametrize(
    ("view", "key", "variable"),
    [
        ("knowledge", "kn-upload", "ASSISTANT_MAX_FILE_MB"),
        ("review", "review-upload", "ASSISTANT_MAX_FILE_MB"),
        ("email", "email-upload", "ASSISTANT_MAX_FILE_MB"),
        ("segments", "seg-upload", "ASSISTANT_SEGMENT_MAX_MB"),
    ],
)
def test_uploaders_show_our_file_limit(
    page_data: Path, monkeypatch: pytest.MonkeyPatch, view: str, key: str, variable: str
) -> None:
    monkeypatch.setenv(variable, "5")
    at = open_page(view)
    widget = at.file_uploader(key=key)
    assert widget.proto.max_upload_size_mb == 5  # Streamlit's default would show 200 MB
    assert "5 MB" in widget.proto.help and variable in widget.proto.help


def test_a_saved_upload_leaves_the_uploader_empty(page_data: Path) -> None:
    at = open_page("knowledge")
    guide = b"# Trade fairs\n\nBook meetings with the buyer two weeks before the fair.\n"
    at.file_uploader(key="kn-upload").upload("fairs.md", guide, "text/markdown").run()
    button(at, "save_uploads").click().run()
    assert not at.exception
    assert (page_data / "uploads" / "fairs.md").read_bytes() == guide
    assert "Saved fairs.md." in texts(at)
    [widget] = at.get("file_uploader")
    assert not widget.value, "the saved file is still in the uploader"
    assert not [b for b in at.button if b.label == "Save files"]


def metric(at: AppTest, label: str) -> int:
    [found] = [m for m in at.metric if m.label == label]
    return int(str(found.value).replace(",", ""))


def test_knowledge_counts_refresh_after_a_reindex(page_data: Path) -> None:
    at = open_page("knowledge")
    files, chunks = metric(at, "Files"), metric(at, "Indexed chunks")
    (page_data / "notes.md").write_text(
        "# Notes\n\n## Fairs\n\nBook buyer meetings early.\n\n## Webinars\n\nRecord them.\n",
        encoding="utf-8",
    )
    button(at, "reindex").click().run()
    shown = texts(at)
    assert "Index synced: 1 added" in shown
    reported = int(shown.split("Index synced:")[1].split(";")[1].split()[0])
    assert reported > chunks
    assert metric(at, "Indexed chunks") == reported
    assert metric(at, "Files") == files + 1


NEW = "pe-__new__"


def persona_form(at: AppTest, **values: str) -> AppTest:
    for field, value in values.items():
        at.text_input(key=f"{NEW}-{field.replace('_', '-')}").set_value(value)
    return at


def test_persona_form_shows_every_problem_next_to_its_field(page_data: Path) -> None:
    at = open_page("personas")
    persona_form(at, id="Acme Logistics!", company="Acme Logistics", segment="3pl")
    button(at, "save_persona").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    # id, industry, offering and the member's title: each its own note, then the summary.
    assert len(errors) == 5, errors
    assert sorted(errors[:4])[0] == "Fill this in."
    assert errors.count("Fill this in.") == 3
    assert [e for e in errors if e.startswith("Use only lower")], errors
    assert errors[4].startswith("Nothing was saved: 4 field(s) need a change")
    for column in at.columns:  # each note sits in the column of the field it is about
        fields = {widget.key for widget in column.text_input}
        notes = [e.value for e in column.error]
        if f"{NEW}-id" in fields:
            assert any(n.startswith("Use only lower") for n in notes)
        if f"{NEW}-industry" in fields or f"{NEW}-m0-title" in fields:
            assert "Fill this in." in notes
    assert not any("should" in e or "pydantic" in e for e in errors)  # plain words
    assert len(list((page_data / "personas").glob("*.yaml"))) == 6


def test_persona_id_comes_from_the_company_and_segment_takes_free_text(page_data: Path) -> None:
    at = open_page("personas")
    persona_form(
        at,
        company="Acme Logística GmbH",
        industry="Logistics",
        segment="Mid-market logistics (DACH)",
        offering="Dock scheduling",
        m0_title="Head of Operations",
    )
    button(at, "save_persona").click().run()
    assert not at.exception, [e.value for e in at.exception]
    saved = page_data / "personas" / "acme-logistica-gmbh.yaml"
    assert saved.exists(), [e.value for e in at.error]
    assert "segment: mid-market-logistics-dach" in saved.read_text(encoding="utf-8")
    assert "Saved the persona Acme Logística GmbH and reindexed" in texts(at)
    assert at.session_state["persona_id"] == "acme-logistica-gmbh"


def test_an_id_in_use_is_refused_next_to_the_id(page_data: Path) -> None:
    at = open_page("personas")
    persona_form(
        at,
        company="Northbridge 3PL",
        industry="Logistics",
        segment="3pl",
        offering="Dock scheduling",
        m0_title="Head of Operations",
    )
    button(at, "save_persona").click().run()
    errors = [e.value for e in at.error]
    assert errors[0].startswith("Another persona already uses the id northbridge\\-3pl")


def test_persona_segment_in_hebrew_and_existing_files_stay_valid() -> None:
    from conftest import REPO

    from assistant.personas import Persona, load_personas, slugify

    personas, errors = load_personas(REPO / "knowledge" / "personas")
    assert len(personas) == 6 and not errors
    segment = slugify("שלטון מקומי", any_script=True)
    assert segment == "שלטון-מקומי"
    data = personas[0].model_dump() | {"segment": segment}
    assert Persona.model_validate(data).segment == segment


def test_persona_picker_names_companies_not_ids(page_data: Path) -> None:
    at = open_page()
    [picker] = [s for s in at.sidebar.selectbox if s.key == "persona_id"]
    shown = [picker.format_func(option) for option in picker.options]
    assert "Northbridge Third-Party Logistics Ltd" in " ".join(shown)
    assert not any("(" in label and "-" in label.split("(")[-1] for label in shown), shown


def test_latin_conversation_titles_are_bidi_isolated_on_the_hebrew_page(page_data: Path) -> None:
    from assistant.config import load_settings
    from assistant.history import History

    History(load_settings().data_dir).create("How do I compute the CPL?")
    at = open_page(language="he")
    [title] = [b for b in at.sidebar.button if "CPL" in b.label]
    assert title.label.startswith("\u2068") and title.label.endswith("\u2069"), repr(title.label)
    english = open_page()
    [title] = [b for b in english.sidebar.button if "CPL" in b.label]
    assert "\u2068" not in title.label


def test_make_run_caps_uploads_at_the_larger_of_our_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """The server-wide cap must not refuse a contact export the Segments view accepts."""
    from assistant.config import upload_limit_mb

    monkeypatch.setenv("ASSISTANT_MAX_FILE_MB", "20")
    monkeypatch.setenv("ASSISTANT_SEGMENT_MAX_MB", "300")
    assert upload_limit_mb() == 300
    monkeypatch.setenv("ASSISTANT_MAX_FILE_MB", "512.5")
    assert upload_limit_mb() == 513
