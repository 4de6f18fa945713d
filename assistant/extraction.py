"""Text out of PDF, DOCX and HTML files, at a cost bounded by rules/ingest.yaml whatever the input.

Uploaded documents are hostile until read: a 4 MB DOCX can hold 1.2 GB of XML, a 3 MB PDF a
3 GB stream, 250 KB of unclosed tags made the old HTML path quadratic. So archives are measured
before anything is inflated, XML and HTML are read by streaming parsers (linear time, memory
bounded by the text kept, not by the markup), PDF pages and text are capped, and what a limit
left out is reported as a note for that file.
"""

from __future__ import annotations

import io
import posixpath
import re
import time
import zipfile
from dataclasses import dataclass, field
from typing import Any

from assistant.errors import KnowledgeError
from assistant.rules import RuleModel, load

MB = 1_000_000


class ArchiveLimits(RuleModel):
    max_members: int
    max_member_mb: float
    max_total_mb: float
    max_ratio: float
    ratio_from_mb: float


class IngestLimits(RuleModel):
    """rules/ingest.yaml: what one knowledge file may cost to read."""

    max_text_chars: int
    max_chunks_per_file: int
    max_pdf_pages: int
    max_pdf_stream_mb: float
    max_seconds_per_file: float
    max_persona_kb: int
    archive: ArchiveLimits


def ingest_limits() -> IngestLimits:
    return load("rules/ingest.yaml", IngestLimits)


@dataclass
class Extracted:
    """Markdown text of a document, and what a limit left out of it (said to the user)."""

    text: str
    notes: list[str] = field(default_factory=list)


def clean_text(text: str) -> str:
    """Text any store accepts: no NUL bytes, no lone surrogates (broken PDF font maps)."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def cap_text(text: str, limits: IngestLimits | None = None) -> Extracted:
    """At most max_text_chars of text, cut at a line break when there is one near the cap."""
    limit = (limits or ingest_limits()).max_text_chars
    if len(text) <= limit:
        return Extracted(text)
    cut = text.rfind("\n", limit - 2000, limit)
    kept = text[: cut if cut > 0 else limit]
    return Extracted(kept, [text_cap_note(len(kept), limit)])


def text_cap_note(kept: int, limit: int) -> str:
    return f"only the first {kept:,} characters were indexed (limit {limit:,} per file)"


# --- PDF -------------------------------------------------------------------------------------


def pdf_to_markdown(path: Any, data: bytes) -> Extracted:
    """`## Page n` sections; pages, text, stream size and time are capped (the rest is noted)."""
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import FileNotDecryptedError, LimitReachedError, PyPdfError

    limits = ingest_limits()
    stream_limit = int(limits.max_pdf_stream_mb * MB)
    started = time.monotonic()
    pages: list[str] = []
    notes: list[str] = []
    chars = 0
    with apply_configuration(
        zlib_maximum_output_length=stream_limit,
        lzw_maximum_output_length=stream_limit,
        run_length_maximum_output_length=stream_limit,
        array_based_stream_maximum_output_length=stream_limit,
        stream_decoding_work_maximum_length=4 * stream_limit,
    ):
        try:
            reader = PdfReader(io.BytesIO(data))
            total = len(reader.pages)
            for number in range(min(total, limits.max_pdf_pages)):
                if time.monotonic() - started > limits.max_seconds_per_file:
                    notes.append(
                        f"reading stopped after {limits.max_seconds_per_file:g} s: "
                        f"pages 1-{number} of {total} were indexed"
                    )
                    break
                text = (reader.pages[number].extract_text() or "").strip()
                if text:
                    pages.append(f"## Page {number + 1}\n\n{text}")
                    chars += len(text)
                if chars > limits.max_text_chars:
                    break
            else:
                if total > limits.max_pdf_pages:
                    notes.append(
                        f"only the first {limits.max_pdf_pages} of {total} pages were indexed "
                        "(limit)"
                    )
        except LimitReachedError:
            raise KnowledgeError(
                path,
                f"unreadable PDF: a compressed stream expands past {limits.max_pdf_stream_mb:g} "
                "MB (decompression bomb?)",
                code="archive-bomb",
            ) from None
        except FileNotDecryptedError:
            raise KnowledgeError(path, "the PDF is encrypted", code="bad-document") from None
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as error:
            raise KnowledgeError(
                path, f"unreadable PDF: {one_line(error)}", code="bad-document"
            ) from None
    capped = cap_text(clean_text("\n\n".join(pages)), limits)
    return Extracted(capped.text, notes + capped.notes)


def one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:200]


# --- DOCX ------------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
_READ_BLOCK = 1 << 16


class _BoundedMember(io.RawIOBase):
    """A zip member read in small blocks that fails once it passes `limit` bytes, whatever
    its header declared (zipfile itself would inflate a lying member whole before checking)."""

    def __init__(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> None:
        self._stream = archive.open(info)
        self._name = info.filename
        self._budget = budget  # shared by every member read from one archive

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:  # noqa: ANN401 - io's buffer protocol
        data = self._stream.read(min(len(buffer), _READ_BLOCK))
        self._budget[0] -= len(data)
        if self._budget[0] < 0:
            raise _ArchiveLimit(f"{self._name} expands past the archive limit")
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._stream.close()
        super().close()


class _ArchiveLimit(Exception):
    pass


def check_archive(archive: zipfile.ZipFile, limits: ArchiveLimits) -> None:
    """Refuse from the central directory alone: too many members, a member or a total too big
    when inflated, or a compression ratio no real document has."""
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise _ArchiveLimit(f"{len(members)} parts (limit {limits.max_members})")
    total = 0
    for info in members:
        size = info.file_size
        total += size
        packed = max(info.compress_size, 1)
        if size > limits.max_member_mb * MB:
            raise _ArchiveLimit(
                f"{info.filename} is {size / MB:,.0f} MB inflated "
                f"(limit {limits.max_member_mb:g} MB)"
            )
        if size > limits.ratio_from_mb * MB and size > limits.max_ratio * packed:
            raise _ArchiveLimit(
                f"{info.filename} inflates {size / packed:,.0f} times (limit {limits.max_ratio:g})"
            )
    if total > limits.max_total_mb * MB:
        raise _ArchiveLimit(
            f"{total / MB:,.0f} MB inflated in all (limit {limits.max_total_mb:g} MB)"
        )


def _iterparse(stream: Any, tags: tuple[str, ...]) -> Any:  # noqa: ANN401
    from lxml import etree

    return etree.iterparse(
        stream,
        events=("start", "end"),
        tag=tags,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )


def _main_part(archive: zipfile.ZipFile, budget: list[int]) -> str:
    """The document part the package's relationships name (usually word/document.xml)."""
    names = set(archive.namelist())
    if "_rels/.rels" in names:
        with _BoundedMember(archive, archive.getinfo("_rels/.rels"), budget) as stream:
            for _, element in _iterparse(io.BufferedReader(stream), (f"{REL_NS}Relationship",)):
                if element.get("Type") == OFFICE_DOCUMENT and element.get("Target"):
                    target = posixpath.normpath(element.get("Target").lstrip("/"))
                    if target in names:
                        return target
    if "word/document.xml" in names:
        return "word/document.xml"
    raise _ArchiveLimit("no word/document.xml part")


def _heading_styles(archive: zipfile.ZipFile, budget: list[int]) -> dict[str, int]:
    """styleId -> heading level (Title is 1, Heading n is min(n, 3)) from word/styles.xml."""
    levels: dict[str, int] = {}
    if "word/styles.xml" not in archive.namelist():
        return levels
    info = archive.getinfo("word/styles.xml")
    with _BoundedMember(archive, info, budget) as stream:
        for event, element in _iterparse(io.BufferedReader(stream), (f"{W}style", f"{W}name")):
            if event != "end" or element.tag != f"{W}style":
                continue
            name_element = element.find(f"{W}name")
            name = (name_element.get(f"{W}val") if name_element is not None else "") or ""
            style_id = element.get(f"{W}styleId") or ""
            level = heading_level(name) or heading_level(style_id)
            if style_id and level:
                levels[style_id] = level
            element.clear()
    return levels


def heading_level(style: str) -> int:
    lowered = style.lower().replace(" ", "")
    if lowered == "title":
        return 1
    match = re.fullmatch(r"heading(\d)", lowered)
    return min(int(match.group(1)), 3) if match else 0


def docx_to_markdown(path: Any, data: bytes) -> Extracted:
    """Paragraphs (tables and text boxes included) with headings, read in one streaming pass."""
    from lxml import etree

    limits = ingest_limits()
    budget = [int(limits.archive.max_total_mb * MB)]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_archive(archive, limits.archive)
            styles = _heading_styles(archive, budget)
            part = _main_part(archive, budget)
            text, truncated = _docx_paragraphs(archive, part, styles, budget, limits)
    except _ArchiveLimit as limit:
        raise KnowledgeError(path, f"DOCX refused: {limit}", code="archive-bomb") from None
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        etree.XMLSyntaxError,
        ValueError,
        KeyError,
        OSError,
        NotImplementedError,
    ) as error:
        raise KnowledgeError(
            path, f"unreadable DOCX: {one_line(error)}", code="bad-document"
        ) from None
    capped = cap_text(clean_text(text), limits)
    notes = capped.notes
    if truncated and not notes:
        notes = [text_cap_note(len(capped.text), limits.max_text_chars)]
    return Extracted(capped.text, notes)


def _docx_paragraphs(
    archive: zipfile.ZipFile,
    part: str,
    styles: dict[str, int],
    budget: list[int],
    limits: IngestLimits,
) -> tuple[str, bool]:
    """(markdown, whether the text cap stopped reading). Elements are cleared as they end, so
    memory holds one paragraph, never the tree."""
    lines: list[str] = []
    chars = 0
    words: list[str] = []
    style = ""
    fallback_depth = 0
    tags = (f"{W}p", f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}pStyle", MC_FALLBACK)
    with _BoundedMember(archive, archive.getinfo(part), budget) as stream:
        for event, element in _iterparse(io.BufferedReader(stream), tags):
            tag = element.tag
            if tag == MC_FALLBACK:  # the same content again, for old readers
                fallback_depth += 1 if event == "start" else -1
                if event == "end":
                    element.clear()
                continue
            if event == "start" or fallback_depth:
                continue
            if tag == f"{W}t":
                words.append(element.text or "")
            elif tag in (f"{W}tab",):
                words.append(" ")
            elif tag in (f"{W}br", f"{W}cr"):
                words.append("\n")
            elif tag == f"{W}pStyle":
                style = element.get(f"{W}val") or ""
            elif tag == f"{W}p":
                text = "".join(words).strip()
                words, level, style = [], styles.get(style) or heading_level(style), ""
                element.clear()
                while element.getprevious() is not None:  # finished paragraphs go too
                    del element.getparent()[0]
                if not text:
                    continue
                lines.append(f"\n{'#' * level} {text}\n" if level else text)
                chars += len(text)
                if chars > limits.max_text_chars:
                    return "\n".join(lines), True
    return "\n".join(lines), False


# --- HTML ------------------------------------------------------------------------------------

_BLOCKS = frozenset(
    {"p", "li", "td", "th", "pre", "blockquote", "div", "section", "article", "header"}
    | {"footer", "dd", "dt", "caption", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br", "hr"}
    | {"ul", "ol", "table"}
)
_SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "svg", "math"})


class _HtmlText:
    """lxml parser target: text per block element, headings marked; no tree is built, so time
    is linear in the input and memory is the text kept."""

    def __init__(self, max_chars: int) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []
        self.heading = 0
        self.skipping = 0
        self.chars = 0
        self.max_chars = max_chars

    def start(self, tag: str, attributes: Any) -> None:  # noqa: ANN401
        name = tag.lower()
        if name in _SKIPPED:
            self.skipping += 1
        elif name in _BLOCKS:
            self.flush()
            if name in ("h1", "h2", "h3"):
                self.heading = int(name[1])

    def end(self, tag: str) -> None:
        name = tag.lower()
        if name in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif name in _BLOCKS:
            self.flush()

    def data(self, text: str) -> None:
        if not self.skipping and self.chars <= self.max_chars:
            self.current.append(text)

    def comment(self, text: str) -> None:
        return None

    def flush(self) -> None:
        text = " ".join("".join(self.current).split())
        self.current = []
        if text:
            self.lines.append(f"\n{'#' * self.heading} {text}\n" if self.heading else text)
            self.chars += len(text)
        self.heading = 0

    def close(self) -> str:
        self.flush()
        return "\n".join(self.lines)


def html_to_markdown(path: Any, data: bytes) -> Extracted:
    """Block text of an HTML file, h1-h3 as headings, scripts and styles dropped."""
    from lxml import etree

    limits = ingest_limits()
    target = _HtmlText(limits.max_text_chars)
    parser = etree.HTMLParser(target=target, recover=True, no_network=True, remove_comments=True)
    try:
        try:
            markup: str | bytes = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            markup = data  # let the parser use the document's declared charset
        parser.feed(markup)
        text = parser.close()
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise KnowledgeError(
            path, f"unreadable HTML: {one_line(error)}", code="bad-document"
        ) from None
    return cap_text(clean_text(text or ""), limits)
