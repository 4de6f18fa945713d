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
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.headerregistry import HeaderRegistry, UnstructuredHeader
from email.message import Message
from functools import lru_cache
from html.parser import HTMLParser
from typing import Literal
from urllib.parse import urlsplit

from assistant.domain import Language
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
_WHITESPACE = re.compile(r"\s+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u034f\u00ad]")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_AT_RULE = re.compile(r"@(-[a-z]+-)?([a-z][a-z-]*)([^{;]*)", re.IGNORECASE)
_CSS_BLOCK = re.compile(r"\{([^{}]*)\}")
_CSS_PROPERTY = re.compile(r"^-{0,2}[a-z][a-z0-9-]*$")
_VENDOR_PREFIX = re.compile(r"^-(?:webkit|moz|ms|o)-")
_CSS_FUNCTION = re.compile(r"([a-z][a-z-]*)\(")
_CSS_URL = re.compile(r"url\([^)]*\)")
_CSS_UNIT = re.compile(r"(?<![\w#.-])(?:\d+\.?\d*|\.\d+)(%|[a-z]{1,4})(?![\w-])")
_CSS_WORD = re.compile(r"[a-z][a-z-]*")
_IMAGE_EXTENSION = re.compile(r"\.([a-z0-9]{2,5})$")
_VML = re.compile(r"<v:|xmlns:v\b", re.IGNORECASE)
_URL_IN_TEXT = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]{}]+", re.IGNORECASE)
_HOST = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)+")
_COMBINING = re.compile("[\u0300-\u036f\u0591-\u05c7]")
_PARSE_ERRORS = (email.errors.MessageError, ValueError, LookupError)


@dataclass
class Image:
    src: str
    alt: str | None  # None: no alt attribute at all
    width: str
    height: str
    style: str


@dataclass
class Link:
    href: str
    text: str
    context: str  # the words just before the link ("To unsubscribe, ")


@dataclass
class Declaration:
    prop: str  # lower-case, vendor prefix kept
    value: str
    where: str  # "<td style>" or "<style>"
    hidden: bool  # in a display:none / mso-hide:all group: it never renders


@dataclass
class HtmlDocument:
    """What the rules need from an HTML body, collected in one parser pass."""

    tags: Counter[str] = field(default_factory=Counter)
    samples: dict[str, str] = field(default_factory=dict)
    images: list[Image] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    text: str = ""
    declarations: list[Declaration] = field(default_factory=list)
    at_rules: list[tuple[str, str]] = field(default_factory=list)
    stylesheets: list[str] = field(default_factory=list)
    event_handlers: list[str] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)
    background_attributes: list[str] = field(default_factory=list)
    has_vml: bool = False
    defects: list[str] = field(default_factory=list)

    def features_used(self) -> Iterator[tuple[str, str, str]]:
        """(kind, name, sample) of each CSS/HTML feature used, named as caniemail names them."""
        for declaration in self.declarations:
            if declaration.hidden:  # display:none / mso-hide:all never renders (preheaders)
                continue
            prop, value = _VENDOR_PREFIX.sub("", declaration.prop), declaration.value.lower()
            sample = shorten(f"{prop}:{declaration.value}")
            yield "property", prop, sample
            if prop.startswith("--"):
                yield "custom-property", "var", sample
            compact = re.sub(r"\s+|!important", "", value).replace("inline-", "")
            yield "declaration", f"{prop}:{compact}", f"{prop}:{compact}"
            for function in _CSS_FUNCTION.findall(value):
                yield ("custom-property" if function == "var" else "function"), function, sample
            plain_value = _CSS_URL.sub("", value)
            yield from (("unit", unit, sample) for unit in _CSS_UNIT.findall(plain_value))
            yield from (("value", word, sample) for word in _CSS_WORD.findall(plain_value))
        for name, prelude in self.at_rules:
            yield "at-rule", name, shorten(f"@{name} {prelude}")
        for tag in self.tags:
            yield "element", tag, self.samples.get(tag.split("[")[0], f"<{tag}>")
        for attribute, tag in self.attributes.items():
            yield "attribute", attribute, f"{attribute} attribute on <{tag}>"
        for image in self.images:
            src = image.src.lower().split("?")[0].split("#")[0]
            if src.startswith("data:"):
                yield "image-format", "data:", "img src=data: (inline base64 image)"
            elif match := _IMAGE_EXTENSION.search(src):
                yield "image-format", match.group(1), f"img src={shorten(image.src)}"


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
    text: str  # visible text of the HTML body, else the plain text (whitespace collapsed)
    folded: str  # subject, visible text and plain text, case- and accent-folded
    language: Language
    links: list[Link]  # HTML links, else the URLs written in the plain text
    text_urls: list[str]  # URLs written in the plain text


def normalise_email(raw: bytes, name: str = "<input>") -> NormalisedEmail:
    """Parse, then derive what every rule needs once (visible text, links, language)."""
    parsed = parse_email(raw, name)
    has_html = parsed.html is not None
    doc = parse_html(parsed.html) if parsed.html is not None else HtmlDocument()
    plain = collapse(parsed.plain_text or "")
    text = doc.text if has_html else plain
    subject = collapse(parsed.header("subject") or "")
    text_urls = [url.rstrip(".,;:!?") for url in _URL_IN_TEXT.findall(plain)]
    links = doc.links if has_html else [Link(url, url, "") for url in text_urls]
    language = detect_language(f"{subject} {text or plain}"[:4000])
    folded = fold(" \n ".join((subject, text, plain if has_html else "")))
    return NormalisedEmail(parsed, doc, text, folded, language, links, text_urls)


def fold(text: str) -> str:
    """Case- and accent-insensitive form for phrase lists (Hebrew points dropped too)."""
    text = text.casefold().replace("’", "'")
    return text if text.isascii() else _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def host_of(url: str) -> str | None:
    """Lower-case host of a link (www.x.com counts as a URL); None for mailto, tokens, junk."""
    url = re.sub(r"[\t\r\n]", "", url).strip()  # browsers drop tabs and newlines in URLs
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
    if not _INVISIBLE.sub("", text).strip():
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


_WANTED_HEADERS = ("subject", "list-unsubscribe", "list-unsubscribe-post", "dkim-signature")


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
        return _extract(message, name)
    except _PARSE_ERRORS as error:
        fallback = email.message_from_bytes(raw, policy=email.policy.compat32)
        parsed = _extract(fallback, name)
        parsed.defects.insert(0, f"HeaderParseFallback: {type(error).__name__}: {error}")
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


def parse_html(html: str) -> HtmlDocument:
    """One pass of the stdlib parser: tags, images, links, text, CSS, handlers, VML fallbacks."""
    collector = _HtmlCollector()
    try:
        collector.feed(html)
        collector.close()
    except AssertionError as error:  # _markupbase raises it on malformed <! declarations
        collector.document.defects.append(f"HTML parser stopped early: {error}")
        collector.finish()
    return collector.document


def css_declarations(block: str, where: str) -> list[Declaration]:
    """`prop: value` pairs of a style attribute or rule body; hidden if it hides its element."""
    found: list[Declaration] = []
    for chunk in _CSS_COMMENT.sub("", block).split(";"):
        prop, sep, value = chunk.partition(":")
        prop = prop.strip().lower()
        if sep and _CSS_PROPERTY.match(prop):
            found.append(Declaration(prop, value.strip(), where, False))
    hidden = any(
        (d.prop == "display" and d.value.lower().startswith("none"))
        or (d.prop == "mso-hide" and d.value.lower().startswith("all"))
        for d in found
    )
    if hidden:
        for declaration in found:
            declaration.hidden = True
    return found


def collapse(text: str) -> str:
    return _WHITESPACE.sub(" ", _INVISIBLE.sub("", text)).strip()


class _HtmlCollector(HTMLParser):
    """Collects everything the email rules read; never builds a tree (fast on big newsletters)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.document = HtmlDocument()
        self._text: list[str] = []
        self._recent = ""
        self._open_links: list[tuple[str, list[str], str]] = []
        self._raw_tag: str | None = None  # inside <script>, <style> or <title>
        self._style: list[str] = []
        self._finished = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        doc = self.document
        values = {key: (value or "") for key, value in attrs}
        doc.tags[tag] += 1
        if "type" in values:
            doc.tags[f"{tag}[type={values['type'].strip().lower()}]"] += 1
        doc.samples.setdefault(tag, _render_tag(tag, values))
        for key in values:
            if key.startswith("on") and len(key) > 2:
                doc.event_handlers.append(f"{key} on <{tag}>")
            doc.attributes.setdefault(key, tag)
        if values.get("style"):
            doc.declarations += css_declarations(values["style"], f"<{tag} style>")
        if values.get("background"):
            doc.background_attributes.append(
                f'<{tag} background="{shorten(values["background"])}">'
            )
        if tag.startswith("v:"):
            doc.has_vml = True
        if tag == "img":
            alt = values.get("alt") if "alt" in values else None
            doc.images.append(
                Image(
                    src=values.get("src", "").strip(),
                    alt=alt,
                    width=values.get("width", ""),
                    height=values.get("height", ""),
                    style=values.get("style", ""),
                )
            )
        elif tag == "a":
            self._open_links.append((values.get("href", "").strip(), [], self._recent[-120:]))
        elif tag == "link" and "stylesheet" in values.get("rel", "").lower():
            doc.stylesheets.append(values.get("href", "").strip())
        elif tag in ("script", "style", "title"):
            self._raw_tag = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open_links:
            self._close_link()
        elif tag == self._raw_tag:
            if tag == "style":
                self._flush_style()
            self._raw_tag = None

    def handle_data(self, data: str) -> None:
        if self._raw_tag == "style":
            self._style.append(data)
            return
        if self._raw_tag is not None:
            return
        self._text.append(data)
        self._recent = (self._recent + data)[-240:]
        for _, parts, _ in self._open_links:
            parts.append(data)

    def handle_comment(self, data: str) -> None:
        if _VML.search(data):
            self.document.has_vml = True

    def close(self) -> None:
        super().close()
        self.finish()

    def finish(self) -> None:
        """Close what the markup left open; callable after a parser error."""
        if self._finished:
            return
        self._finished = True
        while self._open_links:
            self._close_link()
        self._flush_style()
        self.document.text = collapse(" ".join(self._text))

    def _close_link(self) -> None:
        href, parts, context = self._open_links.pop()
        self.document.links.append(Link(href=href, text=collapse(" ".join(parts)), context=context))

    def _flush_style(self) -> None:
        if not self._style:
            return
        sheet = _CSS_COMMENT.sub("", "".join(self._style))
        self._style = []
        for match in _CSS_AT_RULE.finditer(sheet):
            self.document.at_rules.append((match.group(2).lower(), match.group(3).strip()))
        for block in _CSS_BLOCK.findall(sheet):
            self.document.declarations += css_declarations(block, "<style>")


def shorten(value: str, limit: int = 60) -> str:
    """One line, at most `limit` characters, for evidence."""
    value = collapse(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _render_tag(tag: str, values: dict[str, str]) -> str:
    """`<iframe src="…">`: the tag with the attributes that identify it, for evidence."""
    shown = [
        f'{key}="{shorten(values[key])}"'
        for key in ("type", "rel", "src", "href", "action", "data")
        if values.get(key)
    ]
    return "<" + " ".join([tag, *shown]) + ">"
