"""Incremental ingest into a real embedded Chroma in tmp_path; bad input never loses the index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.config import load_settings
from assistant.errors import StoreError
from assistant.index import Store, ingest, reset_collection


def counts(report) -> tuple[int, int, int, int]:
    return report.added, report.updated, report.deleted, report.unchanged


def test_first_ingest_then_nothing_changed(small_knowledge: Path) -> None:
    settings = load_settings()
    first = ingest(settings)
    assert counts(first) == (3, 0, 0, 0)
    assert first.chunks == 5 and first.errors == []
    again = ingest(settings)
    assert counts(again) == (0, 0, 0, 3)
    assert again.chunks == 5


def test_changed_file_replaces_its_chunks_and_deleted_file_loses_them(
    small_knowledge: Path,
) -> None:
    settings = load_settings()
    ingest(settings)
    guidance = small_knowledge / "guidance" / "en" / "buying-center.md"
    text = guidance.read_text(encoding="utf-8")
    guidance.write_text(text.split("## Our guidance")[0], encoding="utf-8")
    (small_knowledge / "guidance" / "es" / "email-html.md").unlink()
    report = ingest(settings)
    assert counts(report) == (0, 1, 1, 1)
    store = Store.open(settings)
    sources = sorted({m["source"] for _, _, m in store.all_records()})
    assert sources == ["guidance/en/buying-center.md", "personas/tiny-co.yaml"]
    assert report.chunks == 3


def test_bad_files_are_reported_and_keep_their_old_chunks(small_knowledge: Path) -> None:
    settings = load_settings()
    ingest(settings)
    persona = small_knowledge / "personas" / "tiny-co.yaml"
    persona.write_text(persona.read_text().replace("role: buyer", "role: influencer"))
    (small_knowledge / "notes.md").write_bytes(b"\x00\x01binary")
    report = ingest(settings)
    messages = {error.path: error.message for error in report.errors}
    assert messages["notes.md"] == "binary content in a text file"
    assert messages["personas/tiny-co.yaml"].startswith("buying_center.0.role:")
    assert report.chunks == 5  # the persona's last good chunks stay searchable


def test_rebuild_embeds_everything_again(small_knowledge: Path) -> None:
    settings = load_settings()
    ingest(settings)
    report = ingest(settings, rebuild=True)
    assert counts(report) == (3, 0, 0, 0)
    assert report.chunks == 5


def test_rebuild_recovers_a_destroyed_store(small_knowledge: Path) -> None:
    settings = load_settings()
    ingest(settings)
    for path in (settings.data_dir / "chroma").rglob("*"):
        if path.is_file():
            path.write_bytes(b"garbage")
    reset_collection(settings)
    report = ingest(settings)
    assert report.chunks == 5


def test_missing_knowledge_folder_is_one_line(tmp_path: Path) -> None:
    settings = load_settings(knowledge_dir=tmp_path / "nowhere")
    with pytest.raises(Exception, match="knowledge folder not found"):
        ingest(settings)


def test_unreachable_chroma_server_is_a_store_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CHROMA_PORT", "9")
    with pytest.raises(StoreError, match="Chroma server at 127.0.0.1:9 is unreachable"):
        Store.open(load_settings())


def test_resync_trusts_its_snapshot_only_at_the_same_revision(small_knowledge: Path) -> None:
    from assistant.index import Store, snapshot_path

    settings = load_settings()
    ingest(settings)
    store = Store.open(settings)
    snapshot = json.loads(snapshot_path(settings).read_text(encoding="utf-8"))
    assert snapshot["revision"] == store.revision
    assert "guidance/en/buying-center.md" in snapshot["files"]
    # Another writer removes a chunk and moves the revision: the snapshot is not trusted.
    store.collection.delete(ids=["guidance/en/buying-center.md#1"])
    store.bump_revision()
    report = ingest(settings)
    assert (report.updated, report.unchanged) == (1, 2)
    assert store.count() == report.chunks
    # A store left dirty (a writer died mid-way) is read back in full and made clean.
    store.bump_revision("dirty-")
    store.collection.delete(ids=["guidance/en/buying-center.md#1"])
    assert ingest(settings).updated == 1
    assert not Store.open(settings).revision.startswith("dirty-")
