"""Build assistant/rules/email/client_support.json from caniemail's feature files.

Why: the email checker judges CSS and HTML against real client-support data, but the product
must not read ../shared at run time; this script derives a compact, checked-in JSON file
(and copies caniemail's MIT licence beside it). Re-run it when the caniemail snapshot changes:

    python scripts/build_email_support.py [--source ../shared/data/external/caniemail]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from assistant.safe_yaml import parse_yaml  # noqa: E402 - after the path is set

DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "external" / "caniemail"
OUTPUT_DIR = REPO / "assistant" / "rules" / "email"
SOURCE_COMMIT = "6b086a3"

# (caniemail client, platform, label) for the clients B2B readers use most.
CLIENTS: dict[str, tuple[str, str, str]] = {
    "outlook-windows": ("outlook", "windows", "Outlook (Windows)"),
    "gmail-desktop-webmail": ("gmail", "desktop-webmail", "Gmail (webmail)"),
    "gmail-ios": ("gmail", "ios", "Gmail (iOS app)"),
    "gmail-android": ("gmail", "android", "Gmail (Android app)"),
    "gmail-mobile-webmail": ("gmail", "mobile-webmail", "Gmail (mobile webmail)"),
}

# Features whose title does not say what to look for in a message: (kind, names).
OVERRIDES: dict[str, tuple[str, list[str]]] = {
    "css-unit-calc": ("function", ["calc"]),
    "css-unit-initial": ("value", ["initial"]),
    "css-intrinsic-size": ("value", ["fit-content", "min-content", "max-content"]),
    "css-sytem-ui": (
        "value",
        ["system-ui", "ui-serif", "ui-sans-serif", "ui-rounded", "ui-monospace"],
    ),
    "css-variables": ("custom-property", ["var"]),
    "css-inert-attribute": ("attribute", ["inert"]),
    "css-scroll-snap": ("property", ["scroll-snap-type", "scroll-snap-align", "scroll-snap-stop"]),
    "css-important": ("other", []),
    "css-comments": ("other", []),
    "css-nesting": ("other", []),
    "html-address": ("element", ["address"]),
    "html-h1-h6": ("element", ["h1", "h2", "h3", "h4", "h5", "h6"]),
    "html-lists": ("element", ["ul", "ol", "dl"]),
    "html-image-maps": ("element", ["map", "area"]),
    "html-anchor-links": ("other", []),
    "html-mailto-links": ("other", []),
    "html-comments": ("other", []),
    "html-doctype": ("other", []),
    "html-meta-color-scheme": ("other", []),
    "image-apng": ("image-format", ["apng"]),
    "image-avif": ("image-format", ["avif"]),
    "image-base64": ("image-format", ["data:"]),
    "image-bmp": ("image-format", ["bmp"]),
    "image-gif": ("image-format", ["gif"]),
    "image-hdr": ("image-format", ["hdr"]),
    "image-heif": ("image-format", ["heif", "heic"]),
    "image-ico": ("image-format", ["ico"]),
    "image-jpg": ("image-format", ["jpg", "jpeg"]),
    "image-mp4": ("image-format", ["mp4"]),
    "image-png": ("image-format", ["png"]),
    "image-svg": ("image-format", ["svg"]),
    "image-tiff": ("image-format", ["tif", "tiff"]),
    "image-webp": ("image-format", ["webp"]),
}

FRONT_MATTER = re.compile(r"^---[ \t]*$", re.MULTILINE)
PROPERTY_NAME = re.compile(r"^-?[a-z]+(?:-[a-z]+)*$")
FUNCTION_NAME = re.compile(r"^([a-z]+(?:-[a-z]+)*)\(\)$")
TAG_IN_TITLE = re.compile(r'<([a-z][a-z0-9]*)(?:\s+type="([a-z]+)")?>')
TITLE_SUFFIX = re.compile(r"\s+(?:css property|property|shorthand)$", re.IGNORECASE)


def read_front_matter(path: Path) -> dict[str, Any]:
    """YAML between the first pair of `---` lines (tabs replaced: caniemail mixes them in)."""
    text = path.read_text(encoding="utf-8").replace("\t", "    ")
    parts = FRONT_MATTER.split(text, maxsplit=2)
    if len(parts) < 3:
        raise ValueError(f"{path}: no front matter between --- lines")
    data = parse_yaml(parts[1], str(path))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: front matter is not a mapping")
    return data


def latest_support(stats: dict[str, Any], client: str, platform: str) -> str:
    """y/n/a/u of the most recent tested version (caniemail lists versions oldest first)."""
    versions = (stats.get(client) or {}).get(platform) or {}
    if not versions:
        return "u"
    value = str(list(versions.values())[-1]).strip()
    return value[:1] if value[:1] in "ynau" else "u"


def split_title(title: str) -> list[str]:
    cleaned = TITLE_SUFFIX.sub("", title.strip())
    return [token.strip() for token in re.split(r",|&|\band\b", cleaned) if token.strip()]


def keyword_list(data: dict[str, Any]) -> list[str]:
    raw = data.get("keywords") or ""
    return [word.strip().lower() for word in str(raw).split(",") if word.strip()]


def classify_css(slug: str, title: str, keywords: list[str]) -> tuple[str, list[str]]:
    """What a CSS feature looks like in a message: property, declaration, at-rule, function..."""
    if slug.startswith("css-at-"):
        if "(" in title:
            return "media-feature", re.findall(r"\(([a-z-]+)\)", title)
        return "at-rule", [title.split()[0].lstrip("@").lower()]
    if slug.startswith(("css-pseudo-", "css-selector-")):
        return "selector", [title.split()[0]] if title.startswith(":") else []
    if slug.startswith("css-unit-"):
        return "unit", [title.split()[0].lower()]
    tokens = split_title(title)
    functions = [m.group(1) for t in tokens if (m := FUNCTION_NAME.match(t.lower()))]
    if functions:
        return "function", functions
    if ":" in title:
        return "declaration", [re.sub(r"\s+", "", title.lower())]
    if tokens and all(PROPERTY_NAME.match(t) for t in tokens):
        names = list(tokens)
        # Longhands named in keywords (margin-left for margin, border-top-color for border).
        names += [k for k in keywords if any(k.startswith(t + "-") for t in tokens)]
        return "property", list(dict.fromkeys(names))
    names = [k for k in keywords if PROPERTY_NAME.match(k)]
    return ("property", names) if names else ("other", [])


def classify_html(slug: str, title: str, keywords: list[str]) -> tuple[str, list[str]]:
    """Elements (typed as `input[type=text]`) or attributes that an HTML feature names."""
    if slug == "html-semantics":
        return "element", keywords
    tags = TAG_IN_TITLE.findall(title)
    if tags:
        return "element", [f"{tag}[type={kind}]" if kind else tag for tag, kind in tags]
    if re.search(r"\battributes?$", title):
        names = split_title(re.sub(r"\s+attributes?$", "", title))
        return "attribute", [n.lower() for n in names if PROPERTY_NAME.match(n.lower())]
    return "other", []


def describe(path: Path) -> dict[str, Any]:
    data = read_front_matter(path)
    slug = path.stem
    title = str(data.get("title") or slug).strip()
    category = str(data.get("category") or "others")
    if slug in OVERRIDES:
        kind, names = OVERRIDES[slug]
    elif category == "css":
        kind, names = classify_css(slug, title, keyword_list(data))
    elif category == "html":
        kind, names = classify_html(slug, title, keyword_list(data))
    else:
        kind, names = "other", []
    stats = data.get("stats") or {}
    support = {key: latest_support(stats, c, p) for key, (c, p, _) in CLIENTS.items()}
    return {
        "slug": slug,
        "title": title,
        "category": category,
        "kind": kind,
        "names": names,
        "support": support,
        "unsupported": [key for key, value in support.items() if value == "n"],
    }


def render(features: list[dict[str, Any]]) -> str:
    """Header pretty-printed, then one feature per line: small, readable diffs."""
    header = {
        "source": {
            "name": "caniemail",
            "repository": "https://github.com/hteumeuleu/caniemail",
            "commit": SOURCE_COMMIT,
            "path": "_features/*.md",
            "license": "MIT",
            "license_file": "LICENSE.caniemail",
            "copyright": "Copyright (c) 2019 Rémi Parmentier",
        },
        "generated_by": "scripts/build_email_support.py",
        "method": (
            "support is the first letter of the latest tested version per client platform "
            "(y supported, n not supported, a partial, u unknown); unsupported lists the "
            "platforms whose latest version is n"
        ),
        "clients": {key: label for key, (_, _, label) in CLIENTS.items()},
    }
    head = json.dumps(header, ensure_ascii=False, indent=2)
    lines = ",\n".join("    " + json.dumps(f, ensure_ascii=False) for f in features)
    return head[: -len("\n}")] + ',\n  "features": [\n' + lines + "\n  ]\n}\n"


def build(source: Path, output_dir: Path) -> list[dict[str, Any]]:
    feature_dir = source / "_features"
    paths = sorted(p for p in feature_dir.glob("*.md") if not p.name.startswith("_"))
    if not paths:
        raise SystemExit(f"no caniemail feature files in {feature_dir}")
    features = [describe(path) for path in paths]
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / "client_support.json").write_text(render(features), encoding="utf-8")
    shutil.copyfile(source / "LICENSE", output_dir / "LICENSE.caniemail")
    return features


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="caniemail checkout")
    parser.add_argument("--output-dir", type=Path, default=OUTPUT_DIR)
    args = parser.parse_args(argv)
    features = build(args.source, args.output_dir)
    kinds: dict[str, int] = {}
    for feature in features:
        kinds[feature["kind"]] = kinds.get(feature["kind"], 0) + 1
    summary = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
    print(f"{len(features)} features → {args.output_dir / 'client_support.json'} ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
