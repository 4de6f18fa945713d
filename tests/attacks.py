"""Hostile inputs, generated at test time (no binary fixtures): YAML bombs, archive and PDF
stream bombs, huge and malformed documents, pathological HTML.

Bombs are built without ever holding their expanded form: a deflate block flushed with
Z_FULL_FLUSH is independent of what came before, so one compressed block repeated N times is
a valid stream of the plain block repeated N times.
"""

from __future__ import annotations

import io
import struct
import zlib
from functools import cache

# --- Copy to review ----------------------------------------------------------------------

PATHOLOGICAL_COPY = {
    "20,000 newlines": "\n" * 20_000 + "x",
    "20,000 full stops": "." * 20_000 + "a",
    "'award-' 4,000 times": "award-" * 4_000,
    "one 20,000-letter word": "a" * 20_000,
    "20,000 Hebrew prefix letters": "ו" * 20_000,
}
"""Copy that once made a review pattern rescan from every position (seconds, not milliseconds):
the tests check the review of each is well formed, `make bench --only hostile` times them."""


# --- YAML ----------------------------------------------------------------------------------


def anchor_bomb_markdown() -> bytes:
    """356 bytes of Markdown whose front matter expands to 9**9 (387 million) strings."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 9):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [" + ",".join(f"*{previous}" for _ in range(9)) + "]")
    front = "\n".join(lines)
    return f"---\n{front}\n---\n# Bomb\n\nbody\n".encode()


def deep_yaml_value(depth: int) -> str:
    """A flow sequence nested `depth` levels deep (two bytes per level)."""
    return "[" * depth + "]" * depth


def deep_persona(depth: int = 20_000) -> bytes:
    """A persona file whose notes nest `depth` levels (20,000 levels is about 40 KB)."""
    return (
        "id: deep-co\ncompany: Deep Co\nindustry: Logistics\nsize: 10\nregion: EU\n"
        "language: en\nsegment: deep\npurchase:\n  type: new\n  strategic: false\n"
        "  offering: x\nbuying_center:\n  - role: buyer\n    title: Buyer\n"
        f"notes: {deep_yaml_value(depth)}\n"
    ).encode()


def deep_front_matter(depth: int = 5_000) -> bytes:
    return f"---\ntitle: deep\ntags: {deep_yaml_value(depth)}\n---\n# Deep\n\nbody\n".encode()


# --- deflate building blocks -----------------------------------------------------------------


def _repeated_deflate(
    prefix: bytes, block: bytes, count: int, suffix: bytes, wbits: int
) -> tuple[bytes, int, int]:
    """(compressed, crc32 of the plain data, plain size) of prefix + block*count + suffix."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeat = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.compress(suffix) + compressor.flush(zlib.Z_FINISH)
    crc = zlib.crc32(prefix)
    adler = zlib.adler32(prefix)
    for _ in range(count):
        crc = zlib.crc32(block, crc)
        if wbits > 0:
            adler = zlib.adler32(block, adler)
    crc = zlib.crc32(suffix, crc)
    body = head + first + repeat * (count - 1)
    if wbits > 0:  # zlib format: the trailer is the Adler-32 of everything
        adler = zlib.adler32(suffix, adler)
        tail = tail[:-4] + struct.pack(">I", adler)
    return body + tail, crc, len(prefix) + len(block) * count + len(suffix)


# --- ZIP / DOCX ------------------------------------------------------------------------------


def _zip(members: list[tuple[str, bytes, int, int, int, int]]) -> bytes:
    """A ZIP from (name, data, method, crc, compressed-declared, uncompressed-declared)."""
    out = io.BytesIO()
    central = io.BytesIO()
    for name, data, method, crc, _, size in members:
        offset = out.tell()
        encoded = name.encode()
        header = struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            20,
            0,
            method,
            0,
            0x21,
            crc,
            len(data),
            size,
            len(encoded),
            0,
        )
        out.write(header + encoded + data)
        central.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                method,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    directory = central.getvalue()
    out.write(directory)
    out.write(
        struct.pack(
            "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), start, 0
        )
    )
    return out.getvalue()


def _docx_members(document_xml: bytes | None = None) -> list[tuple[str, bytes]]:
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("A small valid paragraph.")
    document.save(buffer)
    import zipfile

    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    if document_xml is not None:
        members = [
            (name, document_xml if name == "word/document.xml" else data) for name, data in members
        ]
    return members


def _stored(name: str, data: bytes) -> tuple[str, bytes, int, int, int, int]:
    compressed = zlib.compressobj(6, zlib.DEFLATED, -15)
    packed = compressed.compress(data) + compressed.flush()
    return name, packed, 8, zlib.crc32(data), len(packed), len(data)


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@cache  # deterministic bytes, and building one costs CPU: each test process builds each once
def docx_bomb(plain_bytes: int = 1_200_000_000, declared: int | None = None) -> bytes:
    """A DOCX whose word/document.xml inflates to about `plain_bytes` of valid XML.

    `declared` lies about the uncompressed size in the headers (default: tells the truth).
    1.2 GB of XML is about 3.6 MB on disk.
    """
    paragraph = b"<w:p><w:r><w:t>filler text</w:t></w:r></w:p>"
    block = paragraph * (1_000_000 // len(paragraph))
    prefix = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W_NS}><w:body>'.encode()
    suffix = b"</w:body></w:document>"
    count = max(1, plain_bytes // len(block))
    data, crc, size = _repeated_deflate(prefix, block, count, suffix, -15)
    members = [_stored(name, content) for name, content in _docx_members()]
    members = [
        ("word/document.xml", data, 8, crc, len(data), size if declared is None else declared)
        if member[0] == "word/document.xml"
        else member
        for member in members
    ]
    return _zip(members)


def docx_with_document(document_xml: bytes) -> bytes:
    """A DOCX whose word/document.xml is exactly `document_xml` (malformed XML, for one)."""
    return _zip([_stored(name, data) for name, data in _docx_members(document_xml)])


def docx_with_text(text_bytes: int) -> bytes:
    """A valid DOCX holding about `text_bytes` of distinct paragraphs (compresses normally)."""
    paragraphs = []
    total = 0
    number = 0
    while total < text_bytes:
        line = f"Paragraph {number}: pallet {number * 7} moved through dock {number % 13}."
        paragraphs.append(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>")
        total += len(line)
        number += 1
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document {W_NS}><w:body>'
        + "".join(paragraphs)
        + "</w:body></w:document>"
    ).encode()
    return docx_with_document(xml)


# --- PDF -------------------------------------------------------------------------------------


def _pdf(page_contents: list[bytes], content_filter: bytes = b"") -> bytes:
    """A PDF with one page per content stream (already filtered when `content_filter` is set)."""
    objects: list[bytes] = []
    pages_count = len(page_contents)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(pages_count))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages_count} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for index, content in enumerate(page_contents):
        content_number = 5 + 2 * index
        objects.append(
            (
                f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_number} 0 R >>"
            ).encode()
        )
        extra = b" /Filter " + content_filter if content_filter else b""
        objects.append(
            b"<< /Length "
            + str(len(content)).encode()
            + extra
            + b" >>\nstream\n"
            + content
            + b"\nendstream"
        )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def pdf_pages(pages: int, words: int = 12) -> bytes:
    """A text PDF of `pages` pages, each a line of `words` words naming its page."""
    contents = []
    for number in range(1, pages + 1):
        text = " ".join(f"page{number}word{i}" for i in range(words))
        contents.append(f"BT /F1 10 Tf 40 700 Td ({text}) Tj ET".encode())
    return _pdf(contents)


@cache  # 2 s of CPU to build (a 3.3 GB stream deflated block by block): built once
def pdf_stream_bomb(plain_bytes: int = 3_300_000_000) -> bytes:
    """A one-page PDF whose FlateDecode content inflates to `plain_bytes` (3.3 GB ≈ 3.2 MB)."""
    block = b" " * 1_000_000
    count = max(1, plain_bytes // len(block))
    data, _, _ = _repeated_deflate(b"BT /F1 10 Tf 40 700 Td (bomb) Tj ET\n", block, count, b"", 15)
    return _pdf([data], content_filter=b"/FlateDecode")


# --- HTML ------------------------------------------------------------------------------------


def unclosed_spans(count: int = 50_000) -> bytes:
    """`<span` repeated without a closing `>`: 50,000 of them are 250 KB."""
    return b"<span" * count


def nested_tags(count: int = 50_000) -> bytes:
    return b"<html><body>" + b"<div><span>x" * count + b"</body></html>"
