"""Turn raw mail input (RFC 822/MIME, bare HTML or plain text) into one normalised message.

Why a module of its own: real mail is messy (wrong charsets, broken base64, missing boundaries,
8-bit bytes in headers), and the email rules should only ever see clean, decoded parts.
"""

from __future__ import annotations

import email
import email.errors
import email.policy
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.headerregistry import HeaderRegistry, UnstructuredHeader
from email.message import Message
from functools import lru_cache
from typing import Literal
from urllib.parse import urlsplit

from assistant.domain import Language
from assistant.email_html import HtmlDocument, Link, clean_url, collapse, parse_html
from assistant.errors import InputError
from assistant.language import detect_language

MAX_INPUT_BYTES = 25 * 1024 * 1024
MAX_MIME_DEPTH = 40
SNIFF_BYTES = 8192

InputKind = Literal["mime", "html", "text"]

_HEADER_NAME = re.compile(rb"^([!-9;-~]+):", re.MULTILINE)
_KNOWN_HEADERS = frozenset(
    b"from to cc subject date mime-version content-type received return-path message-id "
    b"delivered-to reply-to sender list-unsubscribe x-mailer".split()
)
_HTML_MARKER = re.compile(
    r"<(?:!doctype\s+html|html|head|body|table|div|p|a\s|img|span|br|td|font|center|style)\b",
    re.IGNORECASE,
)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_URL_IN_TEXT = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]{}]+", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
_HOST = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)+")
_COMBINING = re.compile("[\u0300-\u036f\u0591-\u05c7]")
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_RAW_8BIT = re.compile(
    rb"^(subject|from|to|reply-to):[^\n]*?[\x80-\xff]", re.IGNORECASE | re.MULTILINE
)
_PARSE_ERRORS = (email.errors.MessageError, ValueError, LookupError)


@dataclass
class ParsedEmail:
    """One message, whatever came in: headers (MIME only), the HTML body and the plain text."""

    name: str
    kind: InputKind
    headers: dict[str, list[str]] = field(default_factory=dict)
    html: str | None = None
    html_bytes: int = 0
    plain_text: str | None = None
    structure: list[str] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)

    def header(self, name: str) -> str | None:
        values = self.headers.get(name.lower())
        return values[0] if values else None


@dataclass
class NormalisedEmail:
    """The message as the rules read it: parsed parts, the HTML facts and comparable text."""

    parsed: ParsedEmail
    doc: HtmlDocument  # empty when the message has no HTML body
    subject: str  # decoded, whitespace collapsed; "" for bare HTML and text
    text: str  # visible text of the HTML body, else the plain text (whitespace collapsed)
    lines: list[str]  # the sender's visible lines (HTML blocks, else unquoted text lines)
    folded: str  # subject, visible text and own plain text (no "> " quotes), folded
    language: Language
    links: list[Link]  # HTML links, else the URLs written in the plain text
    text_urls: list[str]  # URLs written in the plain text
    quoted_lines: int = 0  # lines quoted from an earlier message ("> …", <blockquote>)


def normalise_email(raw: bytes, name: str = "<input>") -> NormalisedEmail:
    """Parse, then derive what every rule needs once (visible text, links, language)."""
    parsed = parse_email(raw, name)
    has_html = parsed.html is not None
    doc = parse_html(parsed.html) if parsed.html is not None else HtmlDocument()
    plain_lines = [line for line in map(collapse, (parsed.plain_text or "").splitlines()) if line]
    plain = " ".join(plain_lines)
    # Lines quoted from an earlier message ("> …") are not the sender's words.
    own_lines = [line for line in plain_lines if not line.startswith(">")]
    text, lines = (doc.text, doc.lines) if has_html else (plain, own_lines)
    subject = collapse(parsed.header("subject") or "")
    text_urls = [url.rstrip(".,;:!?") for url in _URL_IN_TEXT.findall(plain)]
    links = doc.links if has_html else [Link(url, url, "") for url in text_urls]
    language = detect_language(f"{subject} {text or plain}"[:4000])
    folded = fold(" \n ".join((subject, doc.text, *own_lines)))
    quoted = len(plain_lines) - len(own_lines) + doc.tags["blockquote"]
    return NormalisedEmail(
        parsed, doc, subject, text, lines, folded, language, links, text_urls, quoted
    )


def fold(text: str) -> str:
    """Case- and accent-insensitive form for phrase lists (Hebrew points dropped too)."""
    text = text.casefold().replace("’", "'")
    return text if text.isascii() else _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def host_of(url: str) -> str | None:
    """Lower-case host of a link (www.x.com counts as a URL); None for mailto, tokens, junk."""
    url = clean_url(url)
    if url.lower().startswith("www."):
        url = "http://" + url
    try:
        host = urlsplit(url).hostname
    except ValueError:  # unparseable address (e.g. a broken IPv6 literal): it has no host
        return None
    host = (host or "").rstrip(".")
    return host if _HOST.fullmatch(host) else None


def parse_email(raw: bytes, name: str = "<input>") -> ParsedEmail:
    """Detect MIME vs bare HTML vs text and decode; InputError only when nothing is usable."""
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError(f"{name}: is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB")
    if not raw.strip():
        raise InputError(f"{name}: is empty")
    bom_text = _decode_bom(raw)
    if bom_text is None and _looks_binary(raw[:SNIFF_BYTES]):
        raise InputError(f"{name}: looks like a binary file, expected HTML or an email (.eml)")
    if bom_text is None and _looks_like_mime(raw):
        return _parse_mime(raw, name)
    text = bom_text if bom_text is not None else decode_bytes(raw, _sniff_html_charset(raw))
    if not collapse(text):
        raise InputError(f"{name}: is empty")
    if _HTML_MARKER.search(text[:65536]):
        return ParsedEmail(name=name, kind="html", html=text, html_bytes=len(raw))
    return ParsedEmail(name=name, kind="text", plain_text=text)


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Bytes to text in the declared charset; unknown or lying charsets fall back to a guess."""
    if charset and charset.lower() not in ("us-ascii", "ascii", "unknown-8bit", "x-unknown"):
        try:
            return data.decode(charset, errors="replace")
        except (LookupError, UnicodeError):
            return _guess_decode(data)  # not a usable text codec (unknown name, idna, rot13...)
    return _guess_decode(data)


def _guess_decode(data: bytes) -> str:
    """UTF-8 when the bytes are valid UTF-8, else Windows-1252 (what 8-bit mail mostly is)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _decode_bom(raw: bytes) -> str | None:
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if raw.startswith(bom):
            return raw.decode(codec, errors="replace")
    return None


def _looks_binary(head: bytes) -> bool:
    """NUL bytes or many control characters: an image, archive or office file, not mail."""
    return b"\x00" in head or len(_CONTROL_BYTES.findall(head)) > max(8, len(head) // 10)


def _looks_like_mime(raw: bytes) -> bool:
    """RFC 822: the input opens with header lines (or an mbox From_ line) naming known fields."""
    head = raw.lstrip()[:SNIFF_BYTES]
    if head.startswith(b"<"):
        return False
    block = re.split(rb"\r?\n\r?\n", head, maxsplit=1)[0]
    first = block.split(b"\n", 1)[0]
    if not (first.startswith(b"From ") or _HEADER_NAME.match(first)):
        return False
    return any(n.lower() in _KNOWN_HEADERS for n in _HEADER_NAME.findall(block))


def _sniff_html_charset(raw: bytes) -> str | None:
    match = _META_CHARSET.search(raw[:SNIFF_BYTES])
    return match.group(1).decode("ascii") if match else None


_WANTED_HEADERS = (
    "subject",
    "list-unsubscribe",
    "list-unsubscribe-post",
    "dkim-signature",
    "in-reply-to",
    "references",
    "thread-index",
)


@lru_cache(maxsize=1)
def _mime_policy() -> email.policy.EmailPolicy:
    """policy.default, but MIME structure headers read as plain strings (as compat32 does).

    Why: the modern Content-Type parser is slow (a third of the parse time) and quadratic on
    junk parameters (a 14 KB `Content-Type: text/html ; ; ;...` spam header took 5 s).
    """
    registry = HeaderRegistry()
    for name in ("content-type", "content-disposition", "content-transfer-encoding"):
        registry.map_to_type(name, UnstructuredHeader)
    return email.policy.default.clone(header_factory=registry)


def _parse_mime(raw: bytes, name: str) -> ParsedEmail:
    """Modern policy first; if its header parser trips on a malformed header, compat32 instead."""
    message = email.message_from_bytes(raw, policy=_mime_policy())
    try:
        parsed = _extract(message, name)
    except _PARSE_ERRORS as error:
        fallback = email.message_from_bytes(raw, policy=email.policy.compat32)
        parsed = _extract(fallback, name)
        parsed.defects.insert(0, f"HeaderParseFallback: {type(error).__name__}: {error}")
    head = _HEADER_END.split(raw[: SNIFF_BYTES * 8], maxsplit=1)[0]
    raw_8bit = sorted({m.group(1).decode("ascii").title() for m in _RAW_8BIT.finditer(head)})
    if raw_8bit:  # RFC 2047: header text beyond ASCII must be encoded (=?utf-8?…?=)
        parsed.defects.append(f"UnencodedHeader: 8-bit bytes in {', '.join(raw_8bit)}")
    return parsed


def _extract(message: Message, name: str) -> ParsedEmail:
    parsed = ParsedEmail(name=name, kind="mime")
    parsed.headers = {h: _header_values(message, h) for h in _WANTED_HEADERS}
    parsed.defects += [_defect_name(d) for d in message.defects]
    for depth, part in _iter_parts(message):
        content_type = part.get_content_type()
        attachment = part.get_content_disposition() == "attachment"
        parsed.structure.append(
            "  " * depth + content_type + (" (attachment)" if attachment else "")
        )
        if depth:
            parsed.defects += [_defect_name(d) for d in part.defects]
        if attachment or part.is_multipart() or not content_type.startswith("text/"):
            continue
        if content_type == "text/html" and parsed.html is None:
            payload = _payload_bytes(part, parsed)
            parsed.html = decode_bytes(payload, part.get_content_charset())
            parsed.html_bytes = len(payload)
        elif content_type == "text/plain" and parsed.plain_text is None:
            parsed.plain_text = decode_bytes(
                _payload_bytes(part, parsed), part.get_content_charset()
            )
    return parsed


def _iter_parts(part: Message, depth: int = 0) -> Iterator[tuple[int, Message]]:
    yield depth, part
    if depth >= MAX_MIME_DEPTH or part.get_content_disposition() == "attachment":
        return
    if part.is_multipart():  # only then: get_payload() decodes text parts (and can fail)
        for sub in part.get_payload():
            if isinstance(sub, Message):
                yield from _iter_parts(sub, depth + 1)


def _payload_bytes(part: Message, parsed: ParsedEmail) -> bytes:
    """Transfer-decoded body (base64, quoted-printable, 8bit); empty, with a defect, on failure."""
    try:
        payload = part.get_payload(decode=True)
    except _PARSE_ERRORS as error:
        parsed.defects.append(f"PayloadDecodeError: {type(error).__name__}: {error}")
        return b""
    return payload if isinstance(payload, bytes) else b""


def _header_values(message: Message, name: str) -> list[str]:
    """Decoded values of a header; the raw folded text when the modern parser cannot read it."""
    try:
        return [str(value) for value in message.get_all(name, [])]
    except _PARSE_ERRORS:
        return [
            _WHITESPACE.sub(" ", str(value)).strip()
            for key, value in message.raw_items()
            if key.lower() == name
        ]


def _defect_name(defect: object) -> str:
    text = str(defect)
    label = type(defect).__name__
    return f"{label}: {text}" if text and text != label else label
