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
        ("/abs/path/Guía de compras.PDF", "Guia-de-compras.pdf"),
        ("  .hidden.md", "hidden.md"),
        ("מדריך.docx", None),
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
