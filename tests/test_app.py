"""The page through Streamlit's AppTest: a question shows passages with their citations."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from assistant.config import load_settings
from assistant.index import ingest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def test_question_shows_cited_passages(small_knowledge: Path) -> None:
    ingest(load_settings())
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    at.chat_input[0].set_value("who compares supplier quotes?").run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert any("guidance/en/buying-center.md › Roles · buying-center" in c for c in captions)


def test_missing_index_is_a_readable_error(small_knowledge: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.chat_input[0].set_value("anything").run()
    assert not at.exception
    assert "run `assistant ingest` first" in at.error[0].value
