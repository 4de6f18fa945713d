"""Saving files users upload into the knowledge folder: safe names, type and size limits."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from assistant.errors import InputError
from assistant.knowledge import RICH_SUFFIXES, TEXT_SUFFIXES

UPLOAD_FOLDER = "uploads"
UPLOAD_SUFFIXES = TEXT_SUFFIXES | RICH_SUFFIXES
SAFE_CHARS_RE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_file_name(name: str) -> str:
    """The base name only, reduced to [A-Za-z0-9._-]; never a path, never hidden."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    ascii_name = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    cleaned = SAFE_CHARS_RE.sub("-", ascii_name).strip(".-_")
    stem, dot, suffix = cleaned.rpartition(".")
    if not dot or not stem:
        raise InputError(f"{name!r} has no usable name and type", field="file")
    return f"{stem[:80]}.{suffix.lower()}"


def upload_target(knowledge_dir: Path, name: str) -> Path:
    """Where an upload of this name lands: a safe base name directly in knowledge/uploads/."""
    safe = safe_file_name(name)
    suffix = "." + safe.rsplit(".", 1)[1]
    if suffix not in UPLOAD_SUFFIXES:
        allowed = ", ".join(sorted(UPLOAD_SUFFIXES))
        raise InputError(f"{name}: type {suffix} is not accepted (use {allowed})", field="file")
    folder = (knowledge_dir / UPLOAD_FOLDER).resolve()
    target = (folder / safe).resolve()
    if target.parent != folder:
        raise InputError(f"{name}: not a plain file name", field="file")
    return target


def check_size(name: str, data: bytes, max_bytes: int) -> None:
    if len(data) > max_bytes:
        raise InputError(
            f"{name}: {len(data) / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit",
            field="file",
        )


def save_upload(
    knowledge_dir: Path, name: str, data: bytes, max_bytes: int, overwrite: bool = False
) -> Path:
    """Write an upload under knowledge/uploads/; refuse bad types, sizes and existing names."""
    target = upload_target(knowledge_dir, name)
    check_size(name, data, max_bytes)
    if not data.strip():
        raise InputError(f"{name}: the file is empty", field="file")
    if target.exists() and not overwrite:
        raise InputError(f"{target.name} already exists; confirm to replace it", field="file")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target
