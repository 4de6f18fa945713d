"""B2B email check: basic, Outlook-safe HTML, deliverability and segmentation, with evidence.

Why: company IT filters bulk mail and company mail clients update slowly, so a campaign must
pass corporate gateways and render in Outlook (Windows) and Gmail. Rule wording, thresholds
and phrase lists live in assistant/rules/email/ (data, not code); client support comes from
caniemail (rules/email/client_support.json, built by scripts/build_email_support.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel

from assistant.domain import Language
from assistant.email_mime import (
    MAX_INPUT_BYTES,
    HtmlDocument,
    Image,
    NormalisedEmail,
    collapse,
    fold,
    host_of,
    normalise_email,
    shorten,
)
from assistant.errors import InputError

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
DATA_PACKAGE = "assistant.rules.email"


class EmailFinding(BaseModel):
    rule: str
    severity: Severity
    message: str
    evidence: str


class EmailStats(BaseModel):
    html_bytes: int
    images: int
    text_chars: int
    links: int
    input_format: Literal["mime", "html", "text"] = "html"
    language: Language = "en"


class EmailReport(BaseModel):
    findings: list[EmailFinding]
    stats: EmailStats


def check_email(raw: bytes, name: str = "<input>") -> EmailReport:
    """Check one message (MIME .eml, bare HTML or text); InputError only if nothing is usable."""
    mail = normalise_email(raw, name)
    findings = [finding for _, function in RULES for finding in function(mail)]
    order = {rule_id: index for index, (rule_id, _) in enumerate(RULES)}
    findings.sort(key=lambda f: (SEVERITY_RANK[f.severity], order[f.rule]))
    stats = EmailStats(
        html_bytes=mail.parsed.html_bytes,
        images=len(mail.doc.images),
        text_chars=len(mail.text),
        links=sum(1 for link in mail.links if link.href),
        input_format=mail.parsed.kind,
        language=mail.language,
    )
    return EmailReport(findings=findings, stats=stats)


def check_email_file(path: Path) -> EmailReport:
    """Check a file; missing, empty, binary or huge files raise InputError naming the file."""
    if not path.exists():
        raise InputError(f"{path}: file not found")
    if not path.is_file():
        raise InputError(f"{path}: is not a file")
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise InputError(f"{path}: is larger than 25 MB ({size / 1024 / 1024:.1f} MB)")
    if size == 0:
        raise InputError(f"{path}: is empty")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror or error})") from error
    return check_email(raw, name=str(path))


# --- data, read once on first use ------------------------------------------------------------


def _read_data(filename: str) -> str:
    return resources.files(DATA_PACKAGE).joinpath(filename).read_text("utf-8")


@lru_cache(maxsize=1)
def rule_data() -> dict[str, Any]:
    """Rule catalogue, thresholds and word lists (rules/email/rules.yaml)."""
    return yaml.safe_load(_read_data("rules.yaml"))


@lru_cache(maxsize=1)
def client_support() -> dict[str, Any]:
    """caniemail-derived support per feature (rules/email/client_support.json)."""
    return json.loads(_read_data("client_support.json"))


@lru_cache(maxsize=1)
def _flagged_features() -> dict[str, dict[str, dict[str, Any]]]:
    """kind -> name -> feature, for features a key client lacks that no other rule reports."""
    settings = rule_data()["unsupported_css"]
    skip = set(settings["owned"]) | set(settings["safe"])
    clients = set(settings["clients"])
    index: dict[str, dict[str, dict[str, Any]]] = {kind: {} for kind in settings["kinds"]}
    for feature in client_support()["features"]:
        wanted = feature["kind"] in index and feature["slug"] not in skip
        if wanted and clients & set(feature["unsupported"]):
            for name in feature["names"]:
                index[feature["kind"]].setdefault(name, feature)
    return index


@lru_cache(maxsize=1)
def _shorteners() -> tuple[frozenset[str], tuple[str, ...]]:
    """(exact hosts, `.suffix` entries) of rules/email/url_shorteners.txt."""
    lines = (line.strip().lower() for line in _read_data("url_shorteners.txt").splitlines())
    entries = [line for line in lines if line and not line.startswith("#")]
    suffixes = tuple(entry for entry in entries if entry.startswith("."))
    return frozenset(entries) - frozenset(suffixes), suffixes


def _trie_pattern(phrases: Iterable[str]) -> str:
    """The phrases as a character-trie regex: one cheap test per position, not one per phrase."""
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return render(trie)


@lru_cache(maxsize=32)
def _phrase_matcher(list_name: str, language: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """Whole-phrase matcher over folded text (Hebrew: up to three prefix letters attached)."""
    if list_name == "spam":
        source = yaml.safe_load(_read_data("spam_phrases.yaml"))
    else:
        source = rule_data()[list_name]
    phrases = {fold(" ".join(p.split())): p for p in source.get(language, [])}
    prefix = "[והבלמשכ]{0,3}" if language == "he" else ""
    pattern = rf"(?<!\w){prefix}({_trie_pattern(phrases)})(?!\w)" if phrases else r"(?!x)x"
    return re.compile(pattern), phrases


def find_phrases(list_name: str, languages: Iterable[str], folded: str) -> list[tuple[str, str]]:
    """(phrase, language) for each phrase of a list found in folded text, in first-seen order."""
    found: dict[tuple[str, str], None] = {}
    for language in dict.fromkeys(languages):
        pattern, phrases = _phrase_matcher(list_name, language)
        for match in pattern.finditer(folded):
            found[(phrases[match.group(1)], language)] = None
    return list(found)


@lru_cache(maxsize=1)
def _token_pattern() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in rule_data()["personalization_tokens"]))


# --- building findings ------------------------------------------------------------------------


def make_finding(
    rule: str, evidence: str, variant: str | None = None, **values: object
) -> EmailFinding:
    """A finding with the catalogue's severity and message (a variant's, when given)."""
    entry = rule_data()["rules"][rule]
    spec = {**entry, **entry.get("variants", {}).get(variant, {})} if variant else entry
    message = " ".join(spec["message"].split())
    for key, value in values.items():
        message = message.replace("{" + key + "}", str(value))
    return EmailFinding(rule=rule, severity=spec["severity"], message=message, evidence=evidence)


def listing(items: Iterable[str]) -> str:
    """`a; b; c (+4 more)`: distinct items, capped so the evidence stays one readable line."""
    unique = list(dict.fromkeys(items))
    limit = rule_data()["limits"]["evidence_items"]
    extra = f" (+{len(unique) - limit} more)" if len(unique) > limit else ""
    return "; ".join(unique[:limit]) + extra


def _finding_if(rule: str, items: list[str]) -> list[EmailFinding]:
    return [make_finding(rule, listing(items))] if items else []


def _site(host: str) -> str:
    """Registrable domain, roughly: acme.com from go.acme.com, acme.co.uk from www.acme.co.uk."""
    labels = host.lower().split(".")
    short = len(labels) >= 3 and labels[-2] in rule_data()["second_level_labels"]
    return ".".join(labels[-3:] if short and len(labels[-1]) == 2 else labels[-2:])


def _tag_evidence(doc: HtmlDocument, tags: Iterable[str]) -> list[str]:
    counts = ((tag, doc.tags[tag]) for tag in tags)
    return [doc.samples.get(t, f"<{t}>") + (f" ×{n}" if n > 1 else "") for t, n in counts if n]


# --- rules, registered in report order ------------------------------------------------------

Rule = Callable[[NormalisedEmail], list[EmailFinding]]
RULES: list[tuple[str, Rule]] = []


def rule(rule_id: str) -> Callable[[Rule], Rule]:
    def register(function: Rule) -> Rule:
        RULES.append((rule_id, function))
        return function

    return register


@rule("script")
def _script(mail: NormalisedEmail) -> list[EmailFinding]:
    return _finding_if("script", _tag_evidence(mail.doc, ["script"]) + mail.doc.event_handlers)


@rule("javascript-link")
def _javascript_link(mail: NormalisedEmail) -> list[EmailFinding]:
    hrefs = [link.href for link in mail.links]
    scripted = [
        h for h in hrefs if h.lower().replace(" ", "").startswith(("javascript:", "vbscript:"))
    ]
    return _finding_if("javascript-link", [shorten(href) for href in scripted])


@rule("form")
def _form(mail: NormalisedEmail) -> list[EmailFinding]:
    return _finding_if("form", _tag_evidence(mail.doc, rule_data()["form_tags"]))


@rule("iframe-embed")
def _iframe_embed(mail: NormalisedEmail) -> list[EmailFinding]:
    return _finding_if("iframe-embed", _tag_evidence(mail.doc, rule_data()["embed_tags"]))


def _css_hits(doc: HtmlDocument) -> dict[str, tuple[dict[str, Any], list[str]]]:
    """slug -> (feature, samples) for each flagged CSS/HTML feature the message uses."""
    index = _flagged_features()
    hits: dict[str, tuple[dict[str, Any], list[str]]] = {}
    for kind, name, sample in doc.features_used():
        if (feature := index.get(kind, {}).get(name)) is not None:
            hits.setdefault(feature["slug"], (feature, []))[1].append(sample)
    return hits


def _client_labels(platforms: list[str]) -> str:
    labels = dict(client_support()["clients"], **{"gmail-apps": "Gmail (iOS and Android apps)"})
    if "gmail-ios" in platforms and "gmail-android" in platforms:
        platforms = [p for p in platforms if p != "gmail-android"]
        platforms[platforms.index("gmail-ios")] = "gmail-apps"
    return ", ".join(labels[p] for p in platforms if p in labels)


@rule("unsupported-css")
def _unsupported_css(mail: NormalisedEmail) -> list[EmailFinding]:
    findings = []
    for slug, (feature, samples) in sorted(_css_hits(mail.doc).items()):
        clients = _client_labels(feature["unsupported"])
        count = f" ({len(samples)}×)" if len(samples) > 1 else ""
        evidence = f"{samples[0]}{count} — unsupported in {clients}"
        values = {"title": feature["title"], "clients": clients, "slug": slug}
        findings.append(make_finding("unsupported-css", evidence, **values))
    return findings


@rule("background-image")
def _background_image(mail: NormalisedEmail) -> list[EmailFinding]:
    doc = mail.doc
    if doc.has_vml:  # a VML fallback (v:rect / v:fill) gives Outlook its own background
        return []
    found = [
        f"{shorten(f'{d.prop}:{d.value}')} in {d.where}"
        for d in doc.declarations
        if d.prop in ("background", "background-image")
        and "url(" in d.value.lower()
        and not d.hidden
    ]
    return _finding_if("background-image", found + doc.background_attributes)


@rule("external-stylesheet")
def _external_stylesheet(mail: NormalisedEmail) -> list[EmailFinding]:
    found = [f'<link rel="stylesheet" href="{shorten(href)}">' for href in mail.doc.stylesheets]
    found += [shorten(f"@import {p}", 70) for name, p in mail.doc.at_rules if name == "import"]
    return _finding_if("external-stylesheet", found)


def _is_pixel(image: Image) -> bool:
    """Spacers and tracking pixels: tiny by width/height attribute or inline style."""
    limit = rule_data()["limits"]["pixel_max_size"]
    sizes = [re.match(r"\s*(\d+)", size) for size in (image.width, image.height)]
    if any(match and int(match.group(1)) <= limit for match in sizes):
        return True
    return bool(re.search(rf"(?:width|height)\s*:\s*[0-{limit}](?:px)?\s*(?:;|$)", image.style))


@rule("missing-alt")
def _missing_alt(mail: NormalisedEmail) -> list[EmailFinding]:
    images = [image for image in mail.doc.images if not _is_pixel(image)]
    missing = [image for image in images if image.alt is None]
    if not missing:
        return []
    shown = listing(f'img src="{shorten(image.src or "(none)")}"' for image in missing)
    return [make_finding("missing-alt", f"{shown} — {len(missing)} of {len(images)} images")]


@rule("image-heavy")
def _image_heavy(mail: NormalisedEmail) -> list[EmailFinding]:
    limits = rule_data()["limits"]
    images = sum(1 for image in mail.doc.images if not _is_pixel(image))
    evidence = f"{images} images, {len(mail.text)} characters of text"
    if images and len(mail.text) < limits["image_only_max_text_chars"]:
        return [make_finding("image-heavy", evidence, "image-only")]
    per_image = limits["min_chars_per_image"]
    if images >= limits["low_text_min_images"] and len(mail.text) < per_image * images:
        evidence += f" (under {per_image} per image)"
        return [make_finding("image-heavy", evidence, "low-text", min_chars_per_image=per_image)]
    return []


@rule("size-clipping")
def _size_clipping(mail: NormalisedEmail) -> list[EmailFinding]:
    limits = rule_data()["limits"]
    size, limit = mail.parsed.html_bytes, limits["clip_bytes"]
    evidence = f"HTML is {size:,} bytes (Gmail clips over {limit:,} bytes = 102 KB)"
    if size > limit:
        return [make_finding("size-clipping", evidence, "over")]
    if size > limit * limits["near_clip_ratio"]:
        return [make_finding("size-clipping", evidence, "near")]
    return []


def _has_unsubscribe_link(mail: NormalisedEmail) -> bool:
    """A link that unsubscribes (by address, its words or the words just before it).

    All languages: sending platforms add footers in their own language, whatever the copy's.
    """
    languages = ("en", "es", "he")
    keywords = rule_data()["unsubscribe_href_keywords"]
    for link in mail.links:
        if any(keyword in link.href.lower() for keyword in keywords):
            return True
        near = fold(collapse(f"{link.context[-80:]} {link.text}"))
        if link.href and find_phrases("unsubscribe_phrases", languages, near):
            return True
    plain = collapse(mail.parsed.plain_text or "")
    has_address = bool(mail.text_urls or re.search(r"[\w.+-]+@[\w-]+\.[\w.-]+", plain))
    return has_address and bool(find_phrases("unsubscribe_phrases", languages, fold(plain)))


@rule("missing-unsubscribe")
def _missing_unsubscribe(mail: NormalisedEmail) -> list[EmailFinding]:
    if (mail.parsed.header("list-unsubscribe") or "").strip() or _has_unsubscribe_link(mail):
        return []
    evidence = f"no unsubscribe link among {len(mail.links)} links; no List-Unsubscribe header"
    return [make_finding("missing-unsubscribe", evidence)]


@rule("missing-plain-text")
def _missing_plain_text(mail: NormalisedEmail) -> list[EmailFinding]:
    parsed = mail.parsed
    if parsed.kind != "mime" or parsed.html is None or parsed.plain_text is not None:
        return []
    structure = " > ".join(part.strip() for part in parsed.structure[:6])
    return [make_finding("missing-plain-text", f"MIME parts: {structure} (no text/plain)")]


_ANGLE_URI = re.compile(r"<\s*([^<>]*?)\s*>")
_DKIM_SIGNED = re.compile(r"(?:^|;)\s*h\s*=\s*([^;]*)", re.IGNORECASE)


@rule("list-unsubscribe-header")
def _list_unsubscribe_header(mail: NormalisedEmail) -> list[EmailFinding]:
    """RFC 8058 one-click: an https List-Unsubscribe URI plus List-Unsubscribe-Post, signed."""
    parsed = mail.parsed
    if parsed.kind != "mime":
        return []
    value = (parsed.header("list-unsubscribe") or "").strip()
    post = parsed.header("list-unsubscribe-post")
    if not value:
        return [make_finding("list-unsubscribe-header", "List-Unsubscribe: (missing)", "missing")]
    problems: list[tuple[str, str]] = []
    uris = _ANGLE_URI.findall(value)
    if not uris or not any(uri.lower().startswith("https://") for uri in uris):
        problems.append(
            ("no-https" if uris else "malformed", f"List-Unsubscribe: {shorten(value, 90)}")
        )
    if post is None:
        problems.append(("no-post", "List-Unsubscribe-Post: (missing)"))
    elif collapse(post) != "List-Unsubscribe=One-Click":
        problems.append(("bad-post", f"List-Unsubscribe-Post: {shorten(post)}"))
    else:
        signatures = [_DKIM_SIGNED.search(sig) for sig in parsed.headers.get("dkim-signature", [])]
        signed = [{h.strip().lower() for h in m.group(1).split(":")} for m in signatures if m]
        if signed and not any({"list-unsubscribe", "list-unsubscribe-post"} <= s for s in signed):
            problems.append(
                ("dkim", "DKIM-Signature h=" + shorten(":".join(sorted(signed[0])), 80))
            )
    return [
        make_finding("list-unsubscribe-header", evidence, variant) for variant, evidence in problems
    ]


@rule("url-shortener")
def _url_shortener(mail: NormalisedEmail) -> list[EmailFinding]:
    exact, suffixes = _shorteners()
    found = []
    for url in dict.fromkeys([link.href for link in mail.links] + mail.text_urls):
        host = host_of(url)
        if host and (
            host.removeprefix("www.") in exact or host in exact or host.endswith(suffixes)
        ):
            found.append(f"{host} ({shorten(url)})")
    return _finding_if("url-shortener", found)


@lru_cache(maxsize=1)
def _domain_text() -> re.Pattern[str]:
    """Link text that is a URL, a bare domain with a known TLD, or an email address."""
    tlds = "|".join(rule_data()["link_text_tlds"])
    return re.compile(
        rf"^(?:https?://|www\.)(?P<host>[a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::\d+)?(?:[/?#]\S*)?$"
        rf"|^(?P<bare>(?:[a-z0-9-]+\.)+(?:{tlds}))(?:/\S*)?$"
        rf"|^[\w.+-]+@(?P<mail>(?:[a-z0-9-]+\.)+[a-z]{{2,24}})$",
        re.IGNORECASE,
    )


@rule("link-mismatch")
def _link_mismatch(mail: NormalisedEmail) -> list[EmailFinding]:
    found = []
    for link in mail.doc.links:
        match = _domain_text().match(link.text.strip().rstrip("/.,"))
        if not match or not link.href.strip():
            continue
        shown = match.group("host") or match.group("bare") or match.group("mail")
        href = link.href.strip()
        mailto = href.lower().startswith("mailto:")
        target = host_of(
            "//" + href[7:].split("?")[0].rpartition("@")[2].strip(" ,;>") if mailto else href
        )
        if target and _site(shown) != _site(target):
            found.append(f'"{shorten(link.text, 50)}" → {target}')
    return _finding_if("link-mismatch", found)


@rule("spam-phrases")
def _spam_phrases(mail: NormalisedEmail) -> list[EmailFinding]:
    found = find_phrases("spam", (mail.language, "en"), mail.folded)
    return _finding_if("spam-phrases", [f'"{phrase}" ({language})' for phrase, language in found])


@rule("segmentation")
def _segmentation(mail: NormalisedEmail) -> list[EmailFinding]:
    # Every language: a greeting is a short line that language detection cannot judge alone.
    greetings = find_phrases("generic_greetings", ("en", "es", "he"), mail.folded)
    if greetings:
        evidence = listing(f'"{phrase}" ({language})' for phrase, language in greetings)
        return [make_finding("segmentation", evidence, "generic-greeting")]
    parts = (mail.parsed.header("subject") or "", mail.text, mail.parsed.plain_text or "")
    if _token_pattern().search(" ".join(parts)):
        return []
    return [make_finding("segmentation", "no merge field in the subject or body", "no-token")]


@rule("mime-defects")
def _mime_defects(mail: NormalisedEmail) -> list[EmailFinding]:
    defects = mail.parsed.defects + mail.doc.defects
    return _finding_if("mime-defects", [shorten(defect, 90) for defect in defects])


@rule("no-body")
def _no_body(mail: NormalisedEmail) -> list[EmailFinding]:
    parsed = mail.parsed
    if parsed.html is not None or (parsed.plain_text or "").strip():
        return []
    structure = " > ".join(part.strip() for part in parsed.structure[:6]) or "(no parts)"
    return [make_finding("no-body", f"MIME parts: {structure}")]
