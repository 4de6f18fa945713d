"""Reading the knowledge folder into chunks with the metadata retrieval and citations need."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from assistant.domain import LANGUAGES, TOPICS, label
from assistant.errors import KnowledgeError
from assistant.language import detect_language
from assistant.personas import inside, parse_persona, valid_name
from assistant.safe_yaml import YamlError, parse_yaml
from assistant.text import printable, sentence_spans

logger = logging.getLogger(__name__)
UPLOAD_FOLDER = "uploads"

TEXT_SUFFIXES = {".md", ".markdown", ".txt"}
RICH_SUFFIXES = {".pdf", ".docx", ".html", ".htm"}
PERSONA_SUFFIXES = {".yaml", ".yml"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | RICH_SUFFIXES | PERSONA_SUFFIXES
SKIPPED_NAMES = {".gitkeep", ".DS_Store", "Thumbs.db"}
MAX_CHUNK_CHARS = 1400
# Front-matter title and keywords are repeated on every chunk of their file: kept short.
MAX_TITLE_CHARS = 200
MAX_KEYWORD_CHARS = 2000
HEADING_RE = re.compile(r"^(#{1,3})\s+(.+?)\s*#*\s*$", re.MULTILINE)


class Chunk(BaseModel):
    """A retrievable passage; `id` is stable (`source#n`) so re-ingesting upserts it."""

    id: str
    text: str
    source: str
    topic: str = ""
    section: str = ""
    language: str = "en"
    persona_id: str = ""
    kind: str = "document"
    title: str = ""
    label: str = ""
    keywords: str = ""
    file_hash: str = ""

    def metadata(self) -> dict[str, str]:
        """Chroma metadata: flat strings only (no None)."""
        return self.model_dump(exclude={"id", "text"})


@dataclass
class KnowledgeFile:
    path: Path
    source: str
    kind: str


@dataclass
class LoadedFile:
    """One file's chunks, or the error that kept it out (its old chunks are then kept)."""

    file: KnowledgeFile
    file_hash: str
    chunks: list[Chunk] = field(default_factory=list)
    error: KnowledgeError | None = None
    notes: list[str] = field(default_factory=list)


def file_kind(source: str) -> str:
    top = source.split("/", 1)[0]
    return {"guidance": "guidance", "personas": "persona", "content": "content"}.get(
        top, "document"
    )


@dataclass
class Discovery:
    """The files an ingest reads, and the entries it refused to (with the reason for each)."""

    files: list[KnowledgeFile] = field(default_factory=list)
    errors: list[KnowledgeError] = field(default_factory=list)


def skipped(source: str) -> bool:
    """Hidden files, and the pack's own READMEs (anything the user uploads is indexed)."""
    name = source.rsplit("/", 1)[-1]
    if name.startswith(".") or name in SKIPPED_NAMES:
        return True
    return name == "README.md" and not source.startswith(f"{UPLOAD_FOLDER}/")


def scan(root: Path) -> Discovery:
    """Supported files below the knowledge folder, in a stable order, and what was refused.

    Links are never followed out of the folder; names that are not valid UTF-8 and folders
    that cannot be listed are reported, never fatal.
    """
    if not root.is_dir():
        raise KnowledgeError(root, "knowledge folder not found (set ASSISTANT_KNOWLEDGE_DIR)")
    root = root.resolve()
    found = Discovery()

    def refuse(path: Path | str, reason: str, code: str) -> None:
        found.errors.append(KnowledgeError(printable(relative(path, root)), reason, code=code))

    def unlistable(error: OSError) -> None:
        refuse(error.filename or root, f"cannot list the folder: {error.strerror}", "unreadable")

    for folder, folders, names in os.walk(root, onerror=unlistable, followlinks=False):
        base = Path(folder)
        for name in list(folders):
            path = base / name
            if not valid_name(name):
                folders.remove(name)
                refuse(path, "folder name is not valid UTF-8: rename it", "bad-name")
            elif path.is_symlink() and not inside(path, root):
                refuse(
                    path,
                    "link to a folder outside the knowledge folder: not followed",
                    "link-outside",
                )
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(names):
            path = base / name
            source = relative(path, root)
            if skipped(source) or Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            if not valid_name(name):
                refuse(path, "file name is not valid UTF-8: rename it", "bad-name")
                continue
            if printable(name) != name:  # a line break or bidi override would reach every
                refuse(path, "file name has control characters: rename it", "bad-name")
                continue  # citation and output line that names the file
            if path.is_symlink() and not inside(path, root):
                refuse(
                    path,
                    "link to a file outside the knowledge folder: not followed",
                    "link-outside",
                )
                continue
            if not path.is_file():  # a FIFO, a socket, a device, a dangling link
                continue
            kind = file_kind(source)
            if path.suffix.lower() in PERSONA_SUFFIXES and kind != "persona":
                continue
            found.files.append(KnowledgeFile(path=path, source=source, kind=kind))
    return found


def discover(root: Path) -> list[KnowledgeFile]:
    """The files `scan` accepts (callers that only list or read them)."""
    return scan(root).files


def relative(path: Path | str, root: Path) -> str:
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return str(path)


def split_front_matter(text: str) -> tuple[dict, str]:
    """YAML front matter between the first two `---` lines, and the body after it."""
    if not text.startswith("---"):
        return {}, text
    lines = text.split("\n")
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            meta = parse_yaml("\n".join(lines[1:end]), "front matter") or {}
            if not isinstance(meta, dict):
                raise ValueError("front matter must be a mapping")
            return meta, "\n".join(lines[end + 1 :])
    return {}, text


def read_file(file: KnowledgeFile, max_bytes: int) -> bytes:
    """The file's bytes, read without following a link swapped in since the scan, and never
    more than the limit (a file that grows while it is read is still refused)."""
    path = file.path
    target = path.resolve() if path.is_symlink() else path  # links were checked by scan
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(target, flags)
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(stream.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise KnowledgeError(path, "not a regular file", code="unreadable")
        if status.st_size > max_bytes:
            raise too_large(path, status.st_size, max_bytes)
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large(path, len(data), max_bytes)
    if not data.strip():
        raise KnowledgeError(path, "file is empty", code="empty")
    return data


def too_large(path: Path, size: int, max_bytes: int) -> KnowledgeError:
    return KnowledgeError(
        path,
        f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit",
        code="too-large",
    )


def decode_text(path: Path, data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise KnowledgeError(path, "binary content in a text file", code="not-text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise KnowledgeError(path, "not UTF-8 text", code="not-text") from None


def iter_sections(body: str) -> Iterator[tuple[str, str, str]]:
    """(title, section, text) per heading; `#` sets the title, `##`/`###` sections."""
    title = ""
    matches = list(HEADING_RE.finditer(body))
    preamble = body[: matches[0].start()] if matches else body
    if preamble.strip():
        yield title, "", preamble.strip()
    for index, match in enumerate(matches):
        level, heading = len(match.group(1)), match.group(2).strip()
        end = matches[index + 1].start() if index + 1 < len(matches) else len(body)
        text = body[match.end() : end].strip()
        if level == 1:
            title = heading
            if text:
                yield title, heading, text
            continue
        if text:
            yield title, heading, f"{heading}\n\n{text}"


def title_from_name(source: str) -> str:
    """A readable title from a file name: `q3-pricing_faq.pdf` -> `Q3 pricing faq`."""
    stem = Path(source).stem
    words = re.sub(r"[-_]+", " ", stem).strip() or stem
    return words[:1].upper() + words[1:]


def section_label(section: str, practice: str = "") -> str:
    """A heading as a reader sees it: without the `Our guidance:`-style marker of team practice."""
    if practice and section.casefold().startswith(practice.casefold()):
        rest = section[len(practice) :].lstrip(" :–—-").strip()
        if rest:
            return rest[:1].upper() + rest[1:]
    return section


def citation_label(title: str, section: str, practice: str = "") -> str:
    """`Title › Section`: what a citation shows instead of a file path and chunk id."""
    shown = section_label(section, practice)
    if not title:
        return shown
    if not shown or shown == title:
        return title
    return f"{title} › {shown}"


def pack_paragraphs(text: str, limit: int = MAX_CHUNK_CHARS) -> list[str]:
    """Split a long section on paragraph, then sentence boundaries, keeping pieces whole."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    units = re.split(r"\n\s*\n", text)
    expanded: list[str] = []
    for unit in units:
        if len(unit) <= limit:
            expanded.append(unit)
        else:
            expanded.extend(unit[s.start : s.end] for s in sentence_spans(unit))
    for unit in expanded:
        while len(unit) > limit:
            pieces.append(unit[:limit])
            unit = unit[limit:]
        if current and len(current) + len(unit) + 2 > limit:
            pieces.append(current)
            current = unit
        else:
            current = f"{current}\n\n{unit}" if current else unit
    if current.strip():
        pieces.append(current)
    return pieces


def chunk_markdown(
    body: str, file: KnowledgeFile, file_hash: str, meta: dict, language: str | None
) -> list[Chunk]:
    chunks: list[Chunk] = []
    title_default = str(meta.get("title") or "")[:MAX_TITLE_CHARS]
    practice = str(meta.get("practice") or "")[:MAX_TITLE_CHARS]
    first_heading = next(
        (m.group(2).strip() for m in HEADING_RE.finditer(body) if len(m.group(1)) == 1), ""
    )
    file_title = (title_default or first_heading or title_from_name(file.source))[:MAX_TITLE_CHARS]
    keywords = meta.get("keywords") or []
    keyword_text = (
        "; ".join(str(k) for k in keywords) if isinstance(keywords, list) else str(keywords)
    )[:MAX_KEYWORD_CHARS]
    for title, section, text in iter_sections(body):
        section = (section or title or title_default)[:MAX_TITLE_CHARS]
        label = citation_label(file_title, section, practice)
        for piece in pack_paragraphs(text):
            chunks.append(
                Chunk(
                    id=f"{file.source}#{len(chunks)}",
                    text=piece,
                    source=file.source,
                    topic=str(meta.get("topic") or ""),
                    section=section,
                    language=language or detect_language(piece),
                    kind=file.kind,
                    title=file_title,
                    label=label,
                    keywords=keyword_text,
                    file_hash=file_hash,
                )
            )
    return chunks


def validate_guidance_meta(file: KnowledgeFile, meta: dict) -> str:
    """Bundled guidance must say its topic and language; returns the language."""
    for key in ("topic", "language", "title", "source"):
        if not meta.get(key):
            raise KnowledgeError(file.path, f"front matter: missing {key}", code="bad-guidance")
    if meta["topic"] not in TOPICS:
        raise KnowledgeError(
            file.path,
            f"front matter: topic: unknown topic {printable(str(meta['topic']))[:80]!r}",
            code="bad-guidance",
        )
    if meta["language"] not in LANGUAGES:
        raise KnowledgeError(
            file.path,
            f"front matter: language: must be one of {', '.join(LANGUAGES)}",
            code="bad-guidance",
        )
    return str(meta["language"])


def persona_chunks(file: KnowledgeFile, text: str, file_hash: str) -> list[Chunk]:
    persona = parse_persona(text, file.path)
    common = dict(
        source=file.source,
        language=persona.language,
        persona_id=persona.id,
        kind="persona",
        title=persona.company,
        file_hash=file_hash,
    )
    chunks = [
        Chunk(
            id=f"{file.source}#0",
            text=persona.as_text(),
            section="account",
            label=persona.company,
            **common,
        )
    ]
    for member in persona.buying_center:
        role = label("roles", member.role, persona.language)
        chunks.append(
            Chunk(
                id=f"{file.source}#{len(chunks)}",
                text=persona.member_text(member),
                section=member.role,
                label=citation_label(persona.company, f"{role}: {member.title}"),
                **common,
            )
        )
    return chunks


def load_file(file: KnowledgeFile, max_bytes: int) -> LoadedFile:
    """Read and chunk one file; any problem becomes the LoadedFile's error, never an exception
    (one bad file must not stop a sync), and what a limit left out becomes a note."""
    try:
        data = read_file(file, max_bytes)
    except KnowledgeError as error:
        return LoadedFile(file=file, file_hash="", error=error)
    except OSError as error:
        reason = f"cannot read: {error.strerror or type(error).__name__}"
        return LoadedFile(file=file, file_hash="", error=KnowledgeError(file.path, reason))
    file_hash = hashlib.sha256(data).hexdigest()
    loaded = LoadedFile(file=file, file_hash=file_hash)
    try:
        loaded.chunks, loaded.notes = parse_file(file, data, file_hash)
    except KnowledgeError as error:
        loaded.error = error
    except Exception as error:  # noqa: BLE001 - a parser bug or bomb costs this file only
        logger.warning("%s: %s", printable(file.source), error, exc_info=True)
        loaded.error = KnowledgeError(
            file.path, f"could not be read ({type(error).__name__})", code="failed"
        )
    if loaded.error is not None:
        loaded.chunks, loaded.notes = [], []
    return loaded


def parse_file(file: KnowledgeFile, data: bytes, file_hash: str) -> tuple[list[Chunk], list[str]]:
    """(chunks, notes) of one file's bytes; raises KnowledgeError naming what is wrong."""
    from assistant.extraction import (
        cap_text,
        docx_to_markdown,
        html_to_markdown,
        ingest_limits,
        pdf_to_markdown,
    )

    if file.kind == "persona":
        limit = ingest_limits().max_persona_kb * 1000
        if len(data) > limit:
            raise KnowledgeError(
                file.path, f"persona file is over {limit // 1000} KB", code="too-large"
            )
        return persona_chunks(file, decode_text(file.path, data), file_hash), []
    suffix = file.path.suffix.lower()
    meta: dict = {}
    if suffix == ".pdf":
        extracted = pdf_to_markdown(file.path, data)
    elif suffix == ".docx":
        extracted = docx_to_markdown(file.path, data)
    elif suffix in {".html", ".htm"}:
        extracted = html_to_markdown(file.path, data)
    else:
        try:
            meta, body = split_front_matter(decode_text(file.path, data))
        except YamlError as error:
            raise KnowledgeError(
                file.path, f"front matter: {error.reason}", code="bad-front-matter"
            ) from None
        except ValueError as error:
            raise KnowledgeError(
                file.path, f"front matter: {error}", code="bad-front-matter"
            ) from None
        extracted = cap_text(body)
    body = extracted.text
    language = meta.get("language") if meta.get("language") in LANGUAGES else None
    if file.kind == "guidance":
        language = validate_guidance_meta(file, meta)
    if language is None and body.strip():
        language = detect_language(body[:4000])
    chunks = chunk_markdown(body, file, file_hash, meta, language)
    if not chunks:
        raise KnowledgeError(file.path, "no text found", code="no-text")
    notes = extracted.notes
    limit = ingest_limits().max_chunks_per_file
    if len(chunks) > limit:
        notes = [*notes, f"only the first {limit} of {len(chunks)} passages were indexed (limit)"]
        chunks = chunks[:limit]
    return chunks, notes
