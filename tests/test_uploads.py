"""Uploads never write outside knowledge/uploads/ and refuse bad types, sizes and overwrites."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.errors import InputError
from assistant.uploads import safe_file_name, save_upload


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd.md", "passwd.md"),
        ("..\\..\\win.ini.txt", "win.ini.txt"),
        ("/abs/path/Guía de compras.PDF", "Guía-de-compras.pdf"),
        ("  .hidden.md", "hidden.md"),
        ("מדריך.docx", "מדריך.docx"),
        ("שָׁלוֹם עולם.md", "שָׁלוֹם-עולם.md"),  # Hebrew points are kept
        ("Gui\u0301a.md", "Guía.md"),  # NFD from a Mac becomes NFC: one name, one file
        ("Αγορές.txt", "Αγορές.txt"),
        ("line\nbreak.md", "line-break.md"),
        ("tab\there\r.md", "tab-here.md"),
        ("\u202eexe.md", "exe.md"),  # a bidi override cannot disguise the type
        ("CON.md", None),
        ("nul.md", None),
        ("Com1.txt", None),
        ("lpt9.tar.md", None),
        ("aux", None),
        ("console.md", "console.md"),
        ("..md", None),
    ],
)
def test_safe_names(name: str, safe: str | None) -> None:
    if safe is None:
        with pytest.raises(InputError):
            safe_file_name(name)
    else:
        assert safe_file_name(name) == safe


def test_upload_lands_in_the_uploads_folder(tmp_path: Path) -> None:
    path = save_upload(tmp_path, "../../../outside.md", b"# Hi\n\ntext", max_bytes=1000)
    assert path == (tmp_path / "uploads" / "outside.md").resolve()
    assert not (tmp_path.parent / "outside.md").exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("run.exe", b"MZ", "type .exe is not accepted"),
        ("big.md", b"x" * 2000, "over the"),
        ("empty.md", b"  \n", "the file is empty"),
    ],
)
def test_upload_refusals(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        save_upload(tmp_path, name, data, max_bytes=1000)


def test_no_silent_overwrite(tmp_path: Path) -> None:
    save_upload(tmp_path, "a.md", b"one", max_bytes=100)
    with pytest.raises(InputError, match="already exists"):
        save_upload(tmp_path, "a.md", b"two", max_bytes=100)
    assert (
        save_upload(tmp_path, "a.md", b"two", max_bytes=100, overwrite=True).read_bytes() == b"two"
    )


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=60))
def test_any_name_stays_inside(tmp_path_factory: pytest.TempPathFactory, name: str) -> None:
    root = tmp_path_factory.mktemp("k")
    try:
        path = save_upload(root, name + ".md", b"text", max_bytes=100, overwrite=True)
    except InputError:
        return
    assert path.parent == (root / "uploads").resolve()


def test_refusals_are_one_line_and_name_the_device() -> None:
    with pytest.raises(InputError) as refused:
        safe_file_name("CON.md")
    assert "reserved device name" in str(refused.value)
    with pytest.raises(InputError) as refused:
        save_upload(Path("/nonexistent"), "evil\nname.exe", b"MZ", max_bytes=100)
    assert "\n" not in str(refused.value) and "evil\\nname.exe" in str(refused.value)


def test_an_uploaded_readme_is_indexed(small_knowledge: Path) -> None:
    from assistant.config import load_settings
    from assistant.index import ingest
    from assistant.retrieval import Retriever

    save_upload(small_knowledge, "README.md", b"# Fair guide\n\nBook fair meetings early.\n", 1000)
    (small_knowledge / "README.md").write_text("# About this folder\n\nnot knowledge\n")
    report = ingest(load_settings())
    assert report.errors == [] and report.added == 4, report
    sources = {hit.source for hit in Retriever(load_settings()).search("fair meetings").hits}
    assert "uploads/README.md" in sources and "README.md" not in sources
