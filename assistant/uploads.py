"""Saving files users upload into the knowledge folder: safe names, type and size limits.

Names keep the user's script (Hebrew, Greek, accented Latin…), normalised to NFC so the same
name typed on two systems is one file; anything that could be a path, a hidden file, a control
character or a Windows device name (CON, NUL, COM1…) is refused or replaced.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from pathlib import Path

from assistant.errors import InputError
from assistant.knowledge import RICH_SUFFIXES, TEXT_SUFFIXES, UPLOAD_FOLDER
from assistant.text import printable

__all__ = [
    "UPLOAD_FOLDER",
    "UPLOAD_SUFFIXES",
    "check_size",
    "safe_file_name",
    "save_upload",
    "upload_target",
]

logger = logging.getLogger(__name__)
UPLOAD_SUFFIXES = TEXT_SUFFIXES | RICH_SUFFIXES
MAX_NAME_CHARS = 80
# Letters and digits of any script, their combining marks (Hebrew points, Devanagari vowel
# signs), and . _ - ; every other run of characters becomes one hyphen.
_KEPT_CATEGORIES = ("L", "M", "N")
_RUNS = re.compile(r"-{2,}")
# Windows refuses these as file names whatever the extension (CON.md is the console).
RESERVED_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{device}{n}" for device in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]}
)


def _kept(char: str) -> bool:
    return char in "._-" or unicodedata.category(char)[0] in _KEPT_CATEGORIES


def safe_file_name(name: str) -> str:
    """The base name only, in NFC, letters of any script kept; never a path, never hidden,
    never a device name."""
    base = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    cleaned = "".join(char if _kept(char) else "-" for char in base)
    cleaned = _RUNS.sub("-", cleaned).strip(".-_ ")
    stem, dot, suffix = cleaned.rpartition(".")
    stem = stem.rstrip(".-_")
    if not dot or not stem or not suffix.isascii():
        raise InputError(f"{printable(name)!r} has no usable name and type", field="file")
    if stem.split(".", 1)[0].upper() in RESERVED_NAMES:
        raise InputError(
            f"{printable(name)}: {stem.split('.', 1)[0]} is a reserved device name on Windows; "
            "rename the file",
            field="file",
        )
    return f"{stem[:MAX_NAME_CHARS].rstrip('.-_')}.{suffix.lower()}"


def upload_target(knowledge_dir: Path, name: str) -> Path:
    """Where an upload of this name lands: a safe base name directly in knowledge/uploads/."""
    safe = safe_file_name(name)
    suffix = "." + safe.rsplit(".", 1)[1]
    if suffix not in UPLOAD_SUFFIXES:
        allowed = ", ".join(sorted(UPLOAD_SUFFIXES))
        raise InputError(
            f"{printable(name)}: type {suffix} is not accepted (use {allowed})", field="file"
        )
    folder = (knowledge_dir / UPLOAD_FOLDER).resolve()
    if not folder.is_relative_to(knowledge_dir.resolve()):  # uploads/ is a link elsewhere
        raise InputError(f"knowledge/{UPLOAD_FOLDER} leads outside the knowledge folder")
    target = (folder / safe).resolve()
    if target.parent != folder:
        raise InputError(f"{printable(name)}: not a plain file name", field="file")
    return target


def check_content(name: str, target: Path, data: bytes) -> None:
    """Read the upload as ingest will (same limits), so a file ingest would refuse (a YAML
    bomb, a DOCX or PDF bomb, no text) is refused now, with the reason, and never saved."""
    from assistant.errors import KnowledgeError
    from assistant.knowledge import KnowledgeFile, parse_file

    file = KnowledgeFile(path=target, source=f"{UPLOAD_FOLDER}/{target.name}", kind="document")
    try:
        parse_file(file, data, "")
    except KnowledgeError as error:
        raise InputError(f"{printable(name)}: {error.reason}", field="file") from None
    except Exception as error:  # noqa: BLE001 - a parser bug refuses this upload only
        logger.warning("upload %s: %s", printable(name), error, exc_info=True)
        raise InputError(
            f"{printable(name)}: could not be read ({type(error).__name__})", field="file"
        ) from None


def check_size(name: str, data: bytes, max_bytes: int) -> None:
    if len(data) > max_bytes:
        raise InputError(
            f"{printable(name)}: {len(data) / 1e6:.1f} MB is over the "
            f"{max_bytes / 1e6:.0f} MB limit",
            field="file",
        )


def save_upload(
    knowledge_dir: Path, name: str, data: bytes, max_bytes: int, overwrite: bool = False
) -> Path:
    """Write an upload under knowledge/uploads/; refuse bad types, sizes and existing names."""
    target = upload_target(knowledge_dir, name)
    check_size(name, data, max_bytes)
    if not data.strip():
        raise InputError(f"{printable(name)}: the file is empty", field="file")
    if target.exists() and not overwrite:
        raise InputError(f"{target.name} already exists; confirm to replace it", field="file")
    check_content(name, target, data)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(data)
    partial.replace(target)  # a reader never sees half a file
    return target
