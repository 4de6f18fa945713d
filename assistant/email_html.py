"""What the email rules read from an HTML body, collected in one linear pass.

Why libxml2 (through lxml's event target) and tinycss2: real mail carries broken markup, and a
hand-rolled parser went quadratic on it (250 KB of unclosed `<span` took 25 s); libxml2's
HTML5 tokenizer stays linear, never builds a tree, and decodes entities the way browsers do.
CSS declarations are read by tinycss2, the CSS Syntax Level 3 parser, not by regexes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import tinycss2
from lxml import etree

# Browsers drop ASCII tab and newline anywhere in a URL and C0 controls or spaces around it,
# so `jav&#x09;ascript:` and `java&#10;script:` are javascript: links.
_URL_STRIP = re.compile(r"[\t\n\r]")
_URL_EDGES = "".join(chr(code) for code in range(0x21))
_VENDOR_PREFIX = re.compile(r"^-(?:webkit|moz|ms|o)-")
_IMAGE_EXTENSION = re.compile(r"\.([a-z0-9]{2,5})$")
_VML = re.compile(r"<v:|xmlns:v\b", re.IGNORECASE)
# Elements that start a new line of visible text (ALL-CAPS lines are judged per line).
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "ul",
    ]
)
_RAW_TAGS = frozenset({"script", "style", "title"})
# At-rules whose block holds rules (not declarations).
_GROUPING_AT_RULES = frozenset({"media", "supports", "document", "layer", "container", "scope"})
_WHITESPACE = re.compile(r"\s+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u034f\u00ad]")
MAX_CSS_DEPTH = 32  # deeper nesting is junk; tinycss2's serializer recurses on it
MAX_LINK_TEXT = 500
MAX_CONTEXT = 240


def collapse(text: str) -> str:
    """Whitespace runs to one space, invisible characters (zero-width, soft hyphen) dropped."""
    return _WHITESPACE.sub(" ", _INVISIBLE.sub("", text)).strip()


def shorten(value: str, limit: int = 60) -> str:
    """One line, at most `limit` characters, for evidence."""
    value = collapse(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def clean_url(href: str) -> str:
    """A link target as the browser reads it: control whitespace inside and around removed."""
    return _URL_STRIP.sub("", href).strip(_URL_EDGES)


@dataclass
class Image:
    src: str
    alt: str | None  # None: no alt attribute at all
    width: str
    height: str
    style: str


@dataclass
class Link:
    href: str  # cleaned (see clean_url); entities are already decoded by the parser
    text: str
    context: str  # the words just before the link ("To unsubscribe, ")


@dataclass
class Declaration:
    """One CSS declaration with the tokens the support table is keyed by."""

    prop: str  # lower-case, vendor prefix kept
    value: str
    where: str  # "<td style>" or "<style>"
    hidden: bool = False  # in a display:none / mso-hide:all group: it never renders
    functions: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)


@dataclass
class HtmlDocument:
    """What the rules need from an HTML body."""

    tags: Counter[str] = field(default_factory=Counter)
    samples: dict[str, str] = field(default_factory=dict)
    images: list[Image] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    text: str = ""
    lines: list[str] = field(default_factory=list)  # visible text, one entry per block
    declarations: list[Declaration] = field(default_factory=list)
    at_rules: list[tuple[str, str]] = field(default_factory=list)
    stylesheets: list[str] = field(default_factory=list)
    form_actions: list[str] = field(default_factory=list)
    event_handlers: list[str] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)
    background_attributes: list[str] = field(default_factory=list)
    has_vml: bool = False
    depth: int = 0  # deepest element nesting (a preview refuses absurd depths)
    defects: list[str] = field(default_factory=list)

    def features_used(self) -> Iterator[tuple[str, str, str]]:
        """(kind, name, sample) of each CSS/HTML feature used, named as caniemail names them."""
        for declaration in self.declarations:
            if declaration.hidden:  # display:none / mso-hide:all never renders (preheaders)
                continue
            prop = _VENDOR_PREFIX.sub("", declaration.prop)
            sample = shorten(f"{prop}:{declaration.value}")
            yield "property", prop, sample
            if prop.startswith("--"):
                yield "custom-property", "var", sample
            compact = re.sub(r"\s+", "", declaration.value.lower()).replace("inline-", "")
            yield "declaration", f"{prop}:{compact}", f"{prop}:{compact}"
            for function in declaration.functions:
                yield ("custom-property" if function == "var" else "function"), function, sample
            yield from (("unit", unit, sample) for unit in declaration.units)
            yield from (("value", word, sample) for word in declaration.words)
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


def parse_html(html: str) -> HtmlDocument:
    """One linear pass of libxml2's HTML5 tokenizer over the body; never raises on bad markup."""
    collector = _Collector()
    parser = etree.HTMLParser(
        target=collector, recover=True, huge_tree=True, no_network=True, remove_pis=True
    )
    try:
        parser.feed(html)
        parser.close()
    except (etree.LxmlError, ValueError) as error:  # e.g. text libxml2 refuses outright
        collector.document.defects.append(f"HTML parser stopped early: {error}")
    collector.finish()
    return collector.document


# --- CSS ---------------------------------------------------------------------------------------


def _depth(tokens: list[Any]) -> int:
    """Nesting depth of a component value list, iteratively (junk can nest thousands deep)."""
    deepest, stack = 0, [(tokens, 1)]
    while stack:
        values, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_CSS_DEPTH:
            break
        stack += [(v.content, depth + 1) for v in values if getattr(v, "content", None)]
    return deepest


def _tokens(values: list[Any]) -> Iterator[Any]:
    """Every token of a value, nested blocks and function arguments included."""
    stack = [iter(values)]
    while stack:
        token = next(stack[-1], None)
        if token is None:
            stack.pop()
            continue
        yield token
        content = getattr(token, "arguments", None) or getattr(token, "content", None)
        if isinstance(content, list) and getattr(token, "lower_name", "") != "url":
            stack.append(iter(content))


def _declaration(node: Any, where: str) -> Declaration | None:
    if _depth(node.value) > MAX_CSS_DEPTH:
        return None
    declaration = Declaration(node.lower_name, tinycss2.serialize(node.value).strip(), where)
    for token in _tokens(node.value):
        if token.type == "function":
            declaration.functions.append(token.lower_name)
        elif token.type == "url":
            declaration.functions.append("url")
        elif token.type == "dimension":
            declaration.units.append(token.lower_unit)
        elif token.type == "percentage":
            declaration.units.append("%")
        elif token.type == "ident":
            declaration.words.append(token.lower_value)
    return declaration


def _hide_if_hidden(found: list[Declaration]) -> list[Declaration]:
    """A group that hides its element (display:none, mso-hide:all) never renders."""
    hidden = any(
        (d.prop == "display" and d.value.lower().startswith("none"))
        or (d.prop == "mso-hide" and d.value.lower().startswith("all"))
        for d in found
    )
    for declaration in found:
        declaration.hidden = hidden
    return found


def css_declarations(block: str | list[Any], where: str) -> list[Declaration]:
    """`prop: value` pairs of a style attribute or rule body (tinycss2 tokens or text)."""
    nodes = tinycss2.parse_declaration_list(block, skip_comments=True, skip_whitespace=True)
    found = [_declaration(n, where) for n in nodes if n.type == "declaration"]
    return _hide_if_hidden([d for d in found if d is not None])


def read_stylesheet(sheet: str, document: HtmlDocument) -> None:
    """At-rules and declarations of a <style> block, nested @media blocks included."""
    pending = [tinycss2.parse_stylesheet(sheet, skip_comments=True, skip_whitespace=True)]
    while pending:
        for rule in pending.pop():
            if rule.type == "at-rule":
                prelude = tinycss2.serialize(rule.prelude) if _depth(rule.prelude) < 8 else ""
                document.at_rules.append((rule.lower_at_keyword, collapse(prelude)))
                if rule.content is None:
                    continue
                if rule.lower_at_keyword in _GROUPING_AT_RULES:
                    pending.append(
                        tinycss2.parse_rule_list(rule.content, skip_comments=True)
                        if _depth(rule.content) <= MAX_CSS_DEPTH
                        else []
                    )
                else:
                    document.declarations += css_declarations(rule.content, "<style>")
            elif rule.type == "qualified-rule":
                document.declarations += css_declarations(rule.content, "<style>")


# --- the collector -----------------------------------------------------------------------------


class _Collector:
    """lxml parser target: gets start/end/data/comment events, keeps only what rules read."""

    def __init__(self) -> None:
        self.document = HtmlDocument()
        self._line: list[str] = []
        self._recent = ""
        self._link: tuple[str, list[str], str] | None = None  # href, text parts, context
        self._link_chars = 0
        self._raw_tag: str | None = None  # inside <script>, <style> or <title>
        self._style: list[str] = []
        self._finished = False
        self._depth = 0

    def start(self, tag: str, attrib: Any, nsmap: Any = None) -> None:
        tag = str(tag).lower()
        doc = self.document
        self._depth += 1
        doc.depth = max(doc.depth, self._depth)
        values = {str(key).lower(): str(value or "") for key, value in attrib.items()}
        doc.tags[tag] += 1
        if "type" in values:
            doc.tags[f"{tag}[type={values['type'].strip().lower()}]"] += 1
        doc.samples.setdefault(tag, _render_tag(tag, values))
        for key in values:
            if key.startswith("on") and len(key) > 2:
                doc.event_handlers.append(f"<{tag} {key}>")
            doc.attributes.setdefault(key, tag)
        if values.get("style"):
            doc.declarations += css_declarations(values["style"], f"<{tag} style>")
        if values.get("background"):
            doc.background_attributes.append(
                f'<{tag} background="{shorten(values["background"])}">'
            )
        if tag.startswith("v:"):
            doc.has_vml = True
        if tag in _BLOCK_TAGS:
            self._end_line()
        if tag == "img":
            alt = values.get("alt") if "alt" in values else None
            doc.images.append(
                Image(
                    src=clean_url(values.get("src", "")),
                    alt=alt,
                    width=values.get("width", ""),
                    height=values.get("height", ""),
                    style=values.get("style", ""),
                )
            )
        elif tag == "a":
            self._close_link()  # HTML5: a new link closes the open one (links never nest)
            self._link = (clean_url(values.get("href", "")), [], self._recent[-120:])
            self._link_chars = 0
        elif tag == "form" and values.get("action"):
            doc.form_actions.append(clean_url(values["action"]))
        elif tag == "link" and "stylesheet" in values.get("rel", "").lower():
            doc.stylesheets.append(clean_url(values.get("href", "")))
        elif tag in _RAW_TAGS:
            self._raw_tag = tag

    def end(self, tag: str) -> None:
        tag = str(tag).lower()
        self._depth -= 1
        if tag == "a":
            self._close_link()
        elif tag == self._raw_tag:
            if tag == "style":
                self._flush_style()
            self._raw_tag = None
        if tag in _BLOCK_TAGS:
            self._end_line()

    def data(self, data: str) -> None:
        if self._raw_tag == "style":
            self._style.append(data)
            return
        if self._raw_tag is not None:
            return
        self._line.append(data)
        self._recent = (self._recent + data)[-MAX_CONTEXT:]
        if self._link is not None and self._link_chars < MAX_LINK_TEXT:
            self._link[1].append(data[: MAX_LINK_TEXT - self._link_chars])
            self._link_chars += len(data)

    def comment(self, text: str) -> None:
        if _VML.search(text):
            self.document.has_vml = True

    def doctype(self, *args: Any) -> None:
        """Doctypes carry nothing the rules read."""

    def pi(self, *args: Any) -> None:
        """Processing instructions carry nothing the rules read."""

    def close(self) -> HtmlDocument:
        return self.document

    def finish(self) -> None:
        """Close what the markup left open; callable after a parser error."""
        if self._finished:
            return
        self._finished = True
        self._close_link()
        self._flush_style()
        self._end_line()
        self.document.text = " ".join(self.document.lines)

    def _end_line(self) -> None:
        if self._line:
            line = collapse("".join(self._line))
            self._line = []
            if line:
                self.document.lines.append(line)
                self._recent += " "

    def _close_link(self) -> None:
        if self._link is None:
            return
        href, parts, context = self._link
        self._link = None
        self.document.links.append(Link(href=href, text=collapse("".join(parts)), context=context))

    def _flush_style(self) -> None:
        if not self._style:
            return
        sheet, self._style = "".join(self._style), []
        read_stylesheet(sheet, self.document)


def _render_tag(tag: str, values: dict[str, str]) -> str:
    """`<iframe src="…">`: the tag with the attributes that identify it, for evidence."""
    shown = [
        f'{key}="{shorten(values[key])}"'
        for key in ("type", "rel", "src", "href", "action", "data")
        if values.get(key)
    ]
    return "<" + " ".join([tag, *shown]) + ">"
