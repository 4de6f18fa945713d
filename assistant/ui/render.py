"""Safe rendering helpers: every piece of user, document or model text goes through these.

Streamlit markdown never receives raw HTML from us (no `unsafe_allow_html`), and text we did
not write is escaped for both Markdown and HTML, so a pasted `<script>`, a `[link](…)` or an
`![image](…)` in copy, personas, documents or file names is shown, never interpreted.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import nh3
import streamlit as st

from assistant.domain import is_rtl
from assistant.errors import AssistantError

# Markdown punctuation that can start syntax (links, images, emphasis, directives such as
# `:red[…]`, LaTeX `$…$`, tables, headings). `<`, `>` and `&` become HTML entities instead.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:$^=])")
_BOLD = re.compile(r"\\\*\\\*(.+?)\\\*\\\*")
_LINE_START = re.compile(r"^(\s*)\\([-*])\s", re.MULTILINE)
_NUMBERED = re.compile(r"^(\s*\d+)\\\.\s", re.MULTILINE)
_HEADING = re.compile(r"^((?:\\#){1,4})\s", re.MULTILINE)
_LEADING_SPACE = re.compile(r"^[ \t]+", re.MULTILINE)

SEVERITY_COLOURS = {"error": "red", "warning": "orange", "info": "blue"}
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
SHARED_COLOUR = "orange"

# One static style block, no user content in it: containers keyed `rtl-…` are right-to-left,
# containers keyed `ltr-…` (left-to-right content inside a Hebrew page) are left-to-right.
# Selected values and dropdown options take their direction from their own text, so a Latin
# company name in the Hebrew sidebar starts where it should instead of being cut at its start,
# and the dropdown is as wide as its longest option instead of the (narrow) sidebar field.
DIRECTION_CSS = """<style>
[class*="st-key-rtl"] { direction: rtl; text-align: right; }
[class*="st-key-ltr"] { direction: ltr; text-align: left; }
[data-testid="stSelectbox"] input { unicode-bidi: plaintext; }
[role="listbox"] [role="option"] > div { unicode-bidi: plaintext; }
[data-testid="stSelectboxVirtualDropdown"] {
  width: max-content !important; min-width: var(--trigger-width); max-width: min(36rem, 90vw);
}
[data-testid="stButton"] p { unicode-bidi: plaintext; }
</style>"""

# First-strong isolate … pop directional isolate: the text inside keeps its own direction and
# punctuation ("How do I compute the CPL?" stays that way inside a right-to-left sidebar).
FSI, PDI = "\u2068", "\u2069"
_HEBREW = re.compile(r"[\u0590-\u05ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def escape_markdown(text: str, keep: str = "") -> str:
    """Text shown literally in Streamlit markdown: Markdown syntax and HTML both neutralised."""
    escaped = _MARKDOWN_SPECIAL.sub(
        lambda match: match.group(1) if match.group(1) in keep else "\\" + match.group(1),
        str(text),
    )
    return escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def isolate(text: str, rtl: bool) -> str:
    """Text of the other direction wrapped in a bidi isolate (left alone when it cannot flip)."""
    other = _LATIN if rtl else _HEBREW
    return f"{FSI}{text}{PDI}" if other.search(text) else text


def escape_block(text: str) -> str:
    """Multi-line text (copy, passages) escaped, keeping its line breaks and no code blocks."""
    escaped = escape_markdown(text)
    escaped = _LEADING_SPACE.sub(lambda m: "&nbsp;" * len(m.group(0).expandtabs(4)), escaped)
    return escaped.replace("\r\n", "\n").replace("\n", "  \n")


def safe_markdown(text: str) -> str:
    """An answer written by our engine or a model: escaped, then only bold, bullets, numbered
    lists and headings are restored (no links, images, HTML or directives can survive)."""
    escaped = escape_markdown(text)
    escaped = _BOLD.sub(r"**\1**", escaped)
    escaped = _LINE_START.sub(r"\1\2 ", escaped)
    escaped = _NUMBERED.sub(r"\1. ", escaped)
    return _HEADING.sub(lambda m: "#" * min(6, len(m.group(1)) // 2 + 2) + " ", escaped)


def stream_markdown(tokens: Iterable[str]) -> Iterator[str]:
    """Tokens for `st.write_stream`, escaped as they arrive; bullets at a line start stay."""
    at_line_start = True
    for token in tokens:
        if at_line_start and token in ("-", "*"):
            yield token
        else:
            yield escape_markdown(token, keep="*")
        if token.strip():
            at_line_start = False
        if "\n" in token:
            at_line_start = True


def highlight(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """Escaped text with `:colour-background[…]` over each (start, end, colour) span.

    Overlapping spans: the later colour in SEVERITY order wins (red over orange over blue).
    """
    ranks = {"blue": 1, "orange": 2, "red": 3}
    paint: list[str | None] = [None] * len(text)
    for start, end, colour in spans:
        start, end = max(0, start), min(len(text), end)
        for position in range(start, end):
            current = paint[position]
            if current is None or ranks.get(colour, 0) > ranks.get(current, 0):
                paint[position] = colour
    pieces: list[str] = []
    position = 0
    while position < len(text):
        colour = paint[position]
        end = position
        while end < len(text) and paint[end] == colour:
            end += 1
        segment = text[position:end]
        if colour is None:
            pieces.append(escape_block(segment))
        else:
            lines = segment.split("\n")
            pieces.append(
                "  \n".join(
                    f":{colour}-background[{escape_markdown(line)}]" if line.strip() else ""
                    for line in lines
                )
            )
        position = end
    return "".join(pieces)


def finding_spans(findings: Iterable[Any]) -> list[tuple[int, int, str]]:
    """Review findings as highlight spans, coloured by severity."""
    return [
        (f.start, f.end, SEVERITY_COLOURS.get(f.severity, "blue"))
        for f in findings
        if f.end > f.start
    ]


_SENTENCE = re.compile(r"[^.!?؟\n]+[.!?؟]*")


def _normalised(text: str) -> str:
    return " ".join(re.sub(r"\*\*|__|`", "", text).split()).casefold()


def shared_spans(passage: str, answer: str, language: str) -> list[tuple[int, int, str]]:
    """Where the cited passage says what the answer says: whole sentences the answer quotes,
    else the content words they share (stemmed, so plural and inflected forms count)."""
    from assistant.language import index_terms, iter_words

    answer_text = _normalised(answer)
    answer_terms = set(index_terms(answer, language))
    spans: list[tuple[int, int, str]] = []
    for match in _SENTENCE.finditer(passage):
        sentence = match.group(0).strip(" -*•\t")
        if len(sentence.split()) >= 4 and _normalised(sentence) in answer_text:
            start = match.start() + match.group(0).find(sentence)
            spans.append((start, start + len(sentence), SHARED_COLOUR))
    if spans:
        return spans
    for word, start, end in iter_words(passage):
        if len(word) > 2 and answer_terms & set(index_terms(word, language)):
            spans.append((start, end, SHARED_COLOUR))
    return spans


def download_buttons(files: list[tuple[str, str | bytes, str, str]], key: str) -> None:
    """One row of download buttons: (label, data, file name, MIME type) each."""
    for number, (column, (label, data, file_name, mime)) in enumerate(
        zip(st.columns(len(files)), files, strict=True)
    ):
        column.download_button(
            label, data, file_name=file_name, mime=mime, key=f"{key}-download-{number}"
        )


def upload_limit_mb(settings: Any) -> int:
    """Streamlit's per-file upload limit (whole MB) from ASSISTANT_MAX_FILE_MB, so the uploader
    shows our limit instead of its own 200 MB default; the library checks the exact size."""
    return max(1, math.ceil(settings.max_file_mb))


def direction_key(language: str, key: str) -> str:
    """A container key whose prefix the static CSS turns into the content's direction."""
    return f"{'rtl' if is_rtl(language) else 'ltr'}-{key}"


def content_container(language: str, key: str) -> Any:
    """A container for content in `language` (Hebrew right-to-left)."""
    return st.container(key=direction_key(language, key))


def inject_direction_css() -> None:
    st.html(DIRECTION_CSS)


@contextmanager
def reported_errors() -> Iterator[None]:
    """Library errors become one readable `st.error` line (the CLI's sentence), never a trace."""
    try:
        yield
    except AssistantError as error:
        st.error(escape_markdown(str(error)))


# --- email preview -----------------------------------------------------------------------

# What the preview keeps: layout and formatting tags of email HTML and their presentational
# attributes. nh3 (the ammonia sanitiser, an HTML5 parser) drops everything else: scripts,
# frames, forms, event handlers, and URLs whose scheme is not listed (javascript:, vbscript:,
# data: except images), after decoding entities and control whitespace as a browser would.
_PREVIEW_TAGS = (
    set(nh3.ALLOWED_TAGS) | {"font", "style", "u", "tfoot", "big", "small", "center"}
) - {"title"}
_PRESENTATION = {
    "style", "class", "id", "align", "valign", "width", "height", "bgcolor", "color",
    "border", "cellpadding", "cellspacing", "dir", "lang", "title", "role",
}  # fmt: skip
_PREVIEW_ATTRIBUTES = {
    "*": _PRESENTATION,
    "a": {"href", "name", "target"},
    "img": {"src", "alt"},
    "font": {"face", "size"},
    "td": {"colspan", "rowspan", "nowrap"},
    "th": {"colspan", "rowspan", "nowrap"},
    "table": {"summary"},
}
MAX_PREVIEW_DEPTH = 400
MAX_PREVIEW_TEXT = 200_000
_PREVIEW_SCHEMES = {"http", "https", "mailto", "tel", "cid", "data"}
_IMAGE_DATA = re.compile(r"data:image/(?:png|gif|jpe?g|webp|bmp);", re.IGNORECASE)
_PREVIEW_POLICY = (
    "default-src 'none'; img-src https: http: data: cid:; style-src 'unsafe-inline'; "
    "font-src https: data:"
)


def _preview_attribute(tag: str, attribute: str, value: str) -> str | None:
    """data: URLs only as image sources; `expression(` (old IE CSS scripts) never."""
    if attribute in ("href", "src") and value.lstrip().lower().startswith("data:"):
        return value if tag == "img" and _IMAGE_DATA.match(value.lstrip()) else None
    if attribute == "style" and "expression(" in value.lower().replace(" ", ""):
        return None
    return value


def sanitised_email_html(markup: str) -> str:
    """The email's HTML without scripts, frames, forms, event handlers or script URLs (nh3).

    Defence in depth: the preview frame is also sandboxed, with scripts disabled and a
    content security policy that loads nothing but images. Markup nested deeper than any real
    email (the HTML5 tree builder slows down quadratically with depth) previews as its text.
    """
    from assistant.email_html import parse_html

    document = parse_html(markup)
    if document.depth > MAX_PREVIEW_DEPTH:
        return f"<p>{html.escape(document.text[:MAX_PREVIEW_TEXT])}</p>"
    return nh3.clean(
        markup,
        tags=_PREVIEW_TAGS,
        clean_content_tags={"script", "title", "noscript", "template", "textarea", "select"},
        attributes=_PREVIEW_ATTRIBUTES,
        attribute_filter=_preview_attribute,
        url_schemes=_PREVIEW_SCHEMES,
        strip_comments=True,
        link_rel="noopener noreferrer",
    )


def email_preview_frame(markup: str, height: int = 520, title: str = "Email preview") -> str:
    """A tiny wrapper we control: one iframe with `sandbox=""` (no scripts, no same origin)
    whose `srcdoc` holds the sanitised email, HTML-escaped into the attribute."""
    document = (
        '<!doctype html><html><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_PREVIEW_POLICY}">'
        f"</head><body>{sanitised_email_html(markup)}</body></html>"
    )
    return (
        '<!doctype html><html><head><meta charset="utf-8"></head>'
        '<body style="margin:0">'
        f'<iframe sandbox="" referrerpolicy="no-referrer" title="{html.escape(title)}" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #d0d0d0;background:#fff" '
        f'srcdoc="{html.escape(document, quote=True)}"></iframe></body></html>'
    )


def show_email_preview(markup: str, height: int = 520, title: str = "Email preview") -> None:
    frame = email_preview_frame(markup, height, title)
    if hasattr(st, "iframe"):  # Streamlit ≥ 1.5x: components.v1.html is deprecated
        st.iframe(frame, height=height + 12, alt=title)
    else:  # pragma: no cover - older Streamlit
        import streamlit.components.v1 as components

        components.html(frame, height=height + 12)
