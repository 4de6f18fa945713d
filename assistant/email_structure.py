"""Email rules about structure and rendering: what breaks in Outlook and Gmail or gets blocked.

Why: company IT filters bulk mail and company mail clients update slowly, so a campaign must
pass corporate gateways and render in Outlook (Windows) and Gmail. Client support comes from
caniemail (rules/email/client_support.json, built by scripts/build_email_support.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache, partial

from assistant.domain import LANGUAGES
from assistant.email_html import HtmlDocument, Image, shorten
from assistant.email_mime import NormalisedEmail, collapse, fold
from assistant.email_rules import (
    Feature,
    Hit,
    client_support,
    email_rules,
    find_phrases,
    hit,
    hits_if,
    rule,
)

_SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")
_EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_ANGLE_URI = re.compile(r"<\s*([^<>]*?)\s*>")
_DKIM_SIGNED = re.compile(r"(?:^|;)\s*h\s*=\s*([^;]*)", re.IGNORECASE)


def _tag_evidence(doc: HtmlDocument, tags: Iterable[str]) -> list[str]:
    counts = ((tag, doc.tags[tag]) for tag in tags)
    return [doc.samples.get(t, f"<{t}>") + (f" ×{n}" if n > 1 else "") for t, n in counts if n]


def _structure(mail: NormalisedEmail) -> str:
    return " > ".join(part.strip() for part in mail.parsed.structure[:6])


@rule("script")
def _script(mail: NormalisedEmail) -> list[Hit]:
    return hits_if("script", _tag_evidence(mail.doc, ["script"]) + mail.doc.event_handlers)


@rule("javascript-link")
def _javascript_link(mail: NormalisedEmail) -> list[Hit]:
    """Links that run code or carry a document (entities and control whitespace already gone)."""
    scripted = [link.href for link in mail.links if link.href.lower().startswith(_SCRIPT_SCHEMES)]
    return hits_if("javascript-link", [shorten(href) for href in scripted])


@rule("form")
def _form(mail: NormalisedEmail) -> list[Hit]:
    return hits_if("form", _tag_evidence(mail.doc, email_rules().form_tags))


@rule("iframe-embed")
def _iframe_embed(mail: NormalisedEmail) -> list[Hit]:
    return hits_if("iframe-embed", _tag_evidence(mail.doc, email_rules().embed_tags))


@lru_cache(maxsize=1)
def _flagged_features() -> dict[str, dict[str, Feature]]:
    """kind -> name -> feature, for features a key client lacks that no other rule reports."""
    settings = email_rules().unsupported_css
    skip = set(settings.owned) | set(settings.safe)
    clients = set(settings.clients)
    index: dict[str, dict[str, Feature]] = {kind: {} for kind in settings.kinds}
    for feature in client_support().features:
        wanted = feature.kind in index and feature.slug not in skip
        if wanted and clients & set(feature.unsupported):
            for name in feature.names:
                index[feature.kind].setdefault(name, feature)
    return index


def _css_hits(doc: HtmlDocument) -> dict[str, tuple[Feature, list[str]]]:
    """slug -> (feature, samples) for each flagged CSS/HTML feature the message uses."""
    index = _flagged_features()
    hits: dict[str, tuple[Feature, list[str]]] = {}
    for kind, name, sample in doc.features_used():
        if (feature := index.get(kind, {}).get(name)) is not None:
            hits.setdefault(feature.slug, (feature, []))[1].append(sample)
    return hits


def client_labels(platforms: list[str], language: str) -> str:
    """Client names in the reader's language; Gmail's two apps read as one."""
    if "gmail-ios" in platforms and "gmail-android" in platforms:
        platforms = [p for p in platforms if p != "gmail-android"]
        platforms[platforms.index("gmail-ios")] = "gmail-apps"
    localised = email_rules().client_labels
    names = client_support().clients
    return ", ".join(
        localised[p][language] if p in localised else names[p]  # type: ignore[index]
        for p in platforms
        if p in localised or p in names
    )


@rule("unsupported-css")
def _unsupported_css(mail: NormalisedEmail) -> list[Hit]:
    found = []
    for slug, (feature, samples) in sorted(_css_hits(mail.doc).items()):
        count = f" ({len(samples)}×)" if len(samples) > 1 else ""
        found.append(
            hit(
                "unsupported-css",
                title=feature.title,
                slug=slug,
                sample=samples[0],
                count=count,
                clients=partial(client_labels, feature.unsupported),
            )
        )
    return found


@rule("background-image")
def _background_image(mail: NormalisedEmail) -> list[Hit]:
    doc = mail.doc
    if doc.has_vml:  # a VML fallback (v:rect / v:fill) gives Outlook its own background
        return []
    found = [
        f"{d.where}: {shorten(f'{d.prop}:{d.value}')}"
        for d in doc.declarations
        if d.prop in ("background", "background-image")
        and "url(" in d.value.lower()
        and not d.hidden
    ]
    return hits_if("background-image", found + doc.background_attributes)


@rule("external-stylesheet")
def _external_stylesheet(mail: NormalisedEmail) -> list[Hit]:
    found = [f'<link rel="stylesheet" href="{shorten(href)}">' for href in mail.doc.stylesheets]
    found += [shorten(f"@import {p}", 70) for name, p in mail.doc.at_rules if name == "import"]
    return hits_if("external-stylesheet", found)


def is_pixel(image: Image) -> bool:
    """Spacers and tracking pixels: tiny by width/height attribute or inline style."""
    limit = email_rules().limits.pixel_max_size
    sizes = [re.match(r"\s*(\d+)", size) for size in (image.width, image.height)]
    if any(match and int(match.group(1)) <= limit for match in sizes):
        return True
    return bool(re.search(rf"(?:width|height)\s*:\s*[0-{limit}](?:px)?\s*(?:;|$)", image.style))


@rule("missing-alt")
def _missing_alt(mail: NormalisedEmail) -> list[Hit]:
    images = [image for image in mail.doc.images if not is_pixel(image)]
    missing = [image for image in images if image.alt is None]
    if not missing:
        return []
    shown = [f'img src="{shorten(image.src or "(none)")}"' for image in missing]
    return [hit("missing-alt", None, shown, missing=len(missing), images=len(images))]


@rule("image-heavy")
def _image_heavy(mail: NormalisedEmail) -> list[Hit]:
    limits = email_rules().limits
    images = sum(1 for image in mail.doc.images if not is_pixel(image))
    chars, per_image = len(mail.text), limits.min_chars_per_image
    values = {"images": images, "chars": chars, "min_chars_per_image": per_image}
    if images and chars < limits.image_only_max_text_chars:
        return [hit("image-heavy", "image-only", **values)]
    if images >= limits.low_text_min_images and chars < per_image * images:
        return [hit("image-heavy", "low-text", **values)]
    return []


@rule("size-clipping")
def _size_clipping(mail: NormalisedEmail) -> list[Hit]:
    limits = email_rules().limits
    size, limit = mail.parsed.html_bytes, limits.clip_bytes
    values = {"size": f"{size:,}", "limit": f"{limit:,}"}
    if size > limit:
        return [hit("size-clipping", "over", **values)]
    if size > limit * limits.near_clip_ratio:
        return [hit("size-clipping", "near", **values)]
    return []


def has_unsubscribe_link(mail: NormalisedEmail) -> bool:
    """A link that unsubscribes (by address, its words or the words just before it).

    All languages: sending platforms add footers in their own language, whatever the copy's.
    """
    languages = LANGUAGES
    keywords = email_rules().unsubscribe_href_keywords
    for link in mail.links:
        if any(keyword in link.href.lower() for keyword in keywords):
            return True
        near = fold(collapse(f"{link.context[-80:]} {link.text}"))
        if link.href and find_phrases("unsubscribe_phrases", languages, near):
            return True
    plain = collapse(mail.parsed.plain_text or "")
    has_address = bool(mail.text_urls or _EMAIL_ADDRESS.search(plain))
    return has_address and bool(find_phrases("unsubscribe_phrases", languages, fold(plain)))


@rule("missing-unsubscribe")
def _missing_unsubscribe(mail: NormalisedEmail) -> list[Hit]:
    if (mail.parsed.header("list-unsubscribe") or "").strip() or has_unsubscribe_link(mail):
        return []
    return [hit("missing-unsubscribe", links=len(mail.links))]


@rule("missing-plain-text")
def _missing_plain_text(mail: NormalisedEmail) -> list[Hit]:
    parsed = mail.parsed
    if parsed.kind != "mime" or parsed.html is None or parsed.plain_text is not None:
        return []
    return [hit("missing-plain-text", structure=_structure(mail))]


@rule("list-unsubscribe-header")
def _list_unsubscribe_header(mail: NormalisedEmail) -> list[Hit]:
    """RFC 8058 one-click: an https List-Unsubscribe URI plus List-Unsubscribe-Post, signed."""
    parsed = mail.parsed
    if parsed.kind != "mime":
        return []
    value = (parsed.header("list-unsubscribe") or "").strip()
    post = parsed.header("list-unsubscribe-post")
    if not value:
        return [hit("list-unsubscribe-header", "missing")]
    problems: list[Hit] = []
    uris = _ANGLE_URI.findall(value)
    if not uris or not any(uri.lower().startswith("https://") for uri in uris):
        shown = f"List-Unsubscribe: {shorten(value, 90)}"
        problems.append(
            hit("list-unsubscribe-header", "no-https" if uris else "malformed", [shown])
        )
    if post is None:
        problems.append(hit("list-unsubscribe-header", "no-post"))
    elif collapse(post) != "List-Unsubscribe=One-Click":
        problems.append(
            hit("list-unsubscribe-header", "bad-post", [f"List-Unsubscribe-Post: {shorten(post)}"])
        )
    else:
        signatures = [_DKIM_SIGNED.search(sig) for sig in parsed.headers.get("dkim-signature", [])]
        signed = [{h.strip().lower() for h in m.group(1).split(":")} for m in signatures if m]
        if signed and not any({"list-unsubscribe", "list-unsubscribe-post"} <= s for s in signed):
            shown = "DKIM-Signature h=" + shorten(":".join(sorted(signed[0])), 80)
            problems.append(hit("list-unsubscribe-header", "dkim", [shown]))
    return problems


@rule("mime-defects")
def _mime_defects(mail: NormalisedEmail) -> list[Hit]:
    defects = mail.parsed.defects + mail.doc.defects
    return hits_if("mime-defects", [shorten(defect, 90) for defect in defects])


@rule("no-body")
def _no_body(mail: NormalisedEmail) -> list[Hit]:
    parsed = mail.parsed
    if parsed.html is not None or (parsed.plain_text or "").strip():
        return []
    return [hit("no-body", structure=_structure(mail) or "—")]
