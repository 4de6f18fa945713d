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
    ("view", "key"),
    [("knowledge", "kn-upload"), ("review", "review-upload"), ("email", "email-upload")],
)
def test_uploaders_show_our_file_limit(
    page_data: Path, monkeypatch: pytest.MonkeyPatch, view: str, key: str
) -> None:
    monkeypatch.setenv("ASSISTANT_MAX_FILE_MB", "5")
    at = open_page(view)
    widget = at.file_uploader(key=key)
    assert widget.proto.max_upload_size_mb == 5  # Streamlit's default would show 200 MB
    assert "5 MB" in widget.proto.help


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
