"""Reading the knowledge folder into chunks with the metadata retrieval and citations need."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from assistant.domain import LANGUAGES, TOPICS, label
from assistant.errors import KnowledgeError
from assistant.language import detect_language
from assistant.personas import parse_persona
from assistant.safe_yaml import YamlError, parse_yaml
from assistant.text import sentence_spans

TEXT_SUFFIXES = {".md", ".markdown", ".txt"}
RICH_SUFFIXES = {".pdf", ".docx", ".html", ".htm"}
PERSONA_SUFFIXES = {".yaml", ".yml"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | RICH_SUFFIXES | PERSONA_SUFFIXES
SKIPPED_NAMES = {"README.md", ".gitkeep", ".DS_Store"}
MAX_CHUNK_CHARS = 1400
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


def file_kind(source: str) -> str:
    top = source.split("/", 1)[0]
    return {"guidance": "guidance", "personas": "persona", "content": "content"}.get(
        top, "document"
    )


def discover(root: Path) -> list[KnowledgeFile]:
    """Supported files below the knowledge folder, in a stable order."""
    if not root.is_dir():
        raise KnowledgeError(root, "knowledge folder not found (set ASSISTANT_KNOWLEDGE_DIR)")
    files = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.name in SKIPPED_NAMES or path.name.startswith("."):
            continue
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        source = path.relative_to(root).as_posix()
        kind = file_kind(source)
        if path.suffix.lower() in PERSONA_SUFFIXES and kind != "persona":
            continue
        files.append(KnowledgeFile(path=path, source=source, kind=kind))
    return files


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


def read_text_file(path: Path, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise KnowledgeError(
            path, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit"
        )
    data = path.read_bytes()
    if not data.strip():
        raise KnowledgeError(path, "file is empty")
    return data


def decode_text(path: Path, data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise KnowledgeError(path, "binary content in a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise KnowledgeError(path, "not UTF-8 text") from None


def pdf_to_markdown(path: Path, data: bytes) -> str:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as error:
        raise KnowledgeError(path, f"unreadable PDF: {error}") from None
    return "\n\n".join(
        f"## Page {n}\n\n{text.strip()}" for n, text in enumerate(pages, 1) if text.strip()
    )


def docx_to_markdown(path: Path, data: bytes) -> str:
    import io
    import zipfile

    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise KnowledgeError(path, f"unreadable DOCX: {error}") from None
    lines = []
    for paragraph in document.paragraphs:
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        text = paragraph.text.strip()
        if not text:
            continue
        if style.startswith("Heading") or style == "Title":
            level = 1 if style == "Title" else min(int(style[-1]) if style[-1].isdigit() else 2, 3)
            lines.append(f"\n{'#' * level} {text}\n")
        else:
            lines.append(text)
    return "\n".join(lines)


def html_to_markdown(path: Path, data: bytes) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    lines = []
    for element in soup.find_all(["h1", "h2", "h3", "p", "li", "td", "pre", "blockquote"]):
        text = " ".join(element.get_text(" ", strip=True).split())
        if not text:
            continue
        if element.name in {"h1", "h2", "h3"}:
            lines.append(f"\n{'#' * int(element.name[1])} {text}\n")
        else:
            lines.append(text)
    return "\n".join(lines) or soup.get_text(" ", strip=True)


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
    title_default = str(meta.get("title") or "")
    practice = str(meta.get("practice") or "")
    first_heading = next(
        (m.group(2).strip() for m in HEADING_RE.finditer(body) if len(m.group(1)) == 1), ""
    )
    file_title = title_default or first_heading or title_from_name(file.source)
    keywords = meta.get("keywords") or []
    keyword_text = (
        "; ".join(str(k) for k in keywords) if isinstance(keywords, list) else str(keywords)
    )
    for title, section, text in iter_sections(body):
        section = section or title or title_default
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
            raise KnowledgeError(file.path, f"front matter: missing {key}")
    if meta["topic"] not in TOPICS:
        raise KnowledgeError(file.path, f"front matter: topic: unknown topic {meta['topic']!r}")
    if meta["language"] not in LANGUAGES:
        raise KnowledgeError(
            file.path, f"front matter: language: must be one of {', '.join(LANGUAGES)}"
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
    """Read and chunk one file; any problem becomes the LoadedFile's error, never an exception."""
    try:
        data = read_text_file(file.path, max_bytes)
    except KnowledgeError as error:
        return LoadedFile(file=file, file_hash="", error=error)
    except OSError as error:
        return LoadedFile(
            file=file,
            file_hash="",
            error=KnowledgeError(file.path, f"cannot read: {error.strerror}"),
        )
    file_hash = hashlib.sha256(data).hexdigest()
    loaded = LoadedFile(file=file, file_hash=file_hash)
    suffix = file.path.suffix.lower()
    try:
        if file.kind == "persona":
            loaded.chunks = persona_chunks(file, decode_text(file.path, data), file_hash)
            return loaded
        if suffix == ".pdf":
            meta, body = {}, pdf_to_markdown(file.path, data)
        elif suffix == ".docx":
            meta, body = {}, docx_to_markdown(file.path, data)
        elif suffix in {".html", ".htm"}:
            meta, body = {}, html_to_markdown(file.path, data)
        else:
            try:
                meta, body = split_front_matter(decode_text(file.path, data))
            except YamlError as error:
                raise KnowledgeError(file.path, f"front matter: {error.reason}") from None
            except ValueError as error:
                raise KnowledgeError(file.path, f"front matter: {error}") from None
        language = meta.get("language") if meta.get("language") in LANGUAGES else None
        if file.kind == "guidance":
            language = validate_guidance_meta(file, meta)
        if language is None and body.strip():
            language = detect_language(body[:4000])
        loaded.chunks = chunk_markdown(body, file, file_hash, meta, language)
        if not loaded.chunks:
            raise KnowledgeError(file.path, "no text found")
    except KnowledgeError as error:
        loaded.chunks = []
        loaded.error = error
    return loaded
