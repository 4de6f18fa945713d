"""The team's existing content (`knowledge/content/`), mapped into the role × stage matrix."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from assistant.domain import LANGUAGES, ROLES, STAGES
from assistant.errors import KnowledgeError
from assistant.knowledge import (
    KnowledgeFile,
    decode_text,
    discover,
    load_file,
    read_file,
    split_front_matter,
)
from assistant.language import detect_language, index_terms
from assistant.personas import folder_signature
from assistant.playbook import playbook
from assistant.safe_yaml import YamlError

if TYPE_CHECKING:
    from assistant.config import Settings


class ContentAsset(BaseModel):
    source: str
    title: str
    format: str
    language: str
    roles: list[str]
    stages: list[str]
    classified: bool = Field(description="true when role/stage were inferred, not given")
    review_score: int
    verdict: str


class SkippedFile(BaseModel):
    source: str
    reason: str


class ContentLibrary(BaseModel):
    """The assets of `knowledge/content/`, and the files that could not be analysed (why)."""

    assets: list[ContentAsset] = Field(default_factory=list)
    skipped: list[SkippedFile] = Field(default_factory=list)


PLACEHOLDER_RE = re.compile(r"\{[a-z_]+\}")
SECOND_ROLE_SHARE = 0.8


@lru_cache(maxsize=3)
def cell_terms(language: str) -> dict[tuple[str, str], frozenset[str]]:
    """The words of each playbook cell (what the role asks; format, title, angle, proof of each
    of its suggestions)."""
    terms: dict[tuple[str, str], frozenset[str]] = {}
    for role in ROLES:
        for stage in STAGES:
            cell = playbook().cell(role, stage)
            parts = [cell.text(language).asks]
            for entry in cell.suggestions:
                text = entry.text(language)
                parts += [text.format, text.title, text.angle, text.proof]
            words = " ".join(parts)
            terms[(role, stage)] = frozenset(index_terms(PLACEHOLDER_RE.sub(" ", words), language))
    return terms


def classify(text: str, language: str) -> tuple[list[str], list[str]]:
    """Best-matching role(s) and stage for an asset without front matter, by shared terms."""
    words = set(index_terms(text, language))
    scores = {
        cell: len(words & terms) / (len(terms) or 1) for cell, terms in cell_terms(language).items()
    }
    role_scores = {role: sum(scores[(role, s)] for s in STAGES) for role in ROLES}
    stage_scores = {stage: sum(scores[(r, stage)] for r in ROLES) for stage in STAGES}
    ranked = sorted(ROLES, key=lambda r: (-role_scores[r], ROLES.index(r)))
    roles = [ranked[0]]
    if role_scores[ranked[1]] >= SECOND_ROLE_SHARE * role_scores[ranked[0]]:
        roles.append(ranked[1])
    stage = max(STAGES, key=lambda s: (stage_scores[s], -STAGES.index(s)))
    return roles, [stage]


def as_list(value: object, allowed: tuple[str, ...]) -> list[str]:
    items = value if isinstance(value, list) else [value] if value else []
    return [str(item) for item in items if str(item) in allowed]


def load_content_library(knowledge_dir: Path, max_bytes: int) -> ContentLibrary:
    """Every asset under content/, with its roles and stages (given or inferred) and its review.

    Files over `max_bytes` (the settings' file-size limit), unreadable or empty are never read
    whole: they are listed in `skipped` with the reason."""
    from assistant.review import review_copy

    library = ContentLibrary()
    if not (knowledge_dir / "content").is_dir():
        return library
    for file in discover(knowledge_dir):
        if file.kind != "content":
            continue
        loaded = load_file(file, max_bytes)
        if loaded.error is not None:
            library.skipped.append(SkippedFile(source=file.source, reason=loaded.error.reason))
            continue
        if not loaded.chunks:
            continue
        text = "\n\n".join(chunk.text for chunk in loaded.chunks)
        meta = front_matter(file, max_bytes)
        language = meta.get("language") if meta.get("language") in LANGUAGES else None
        language = language or detect_language(text[:4000])
        roles = as_list(meta.get("role"), ROLES)
        stages = as_list(meta.get("stage"), STAGES)
        classified = not (roles and stages)
        if classified:
            inferred_roles, inferred_stages = classify(text, language)
            roles = roles or inferred_roles
            stages = stages or inferred_stages
        review = review_copy(text[:20_000], language=language)
        library.assets.append(
            ContentAsset(
                source=file.source,
                title=str(meta.get("title") or loaded.chunks[0].title or file.path.stem),
                format=str(meta.get("format") or ""),
                language=language,
                roles=roles,
                stages=stages,
                classified=classified,
                review_score=review.score,
                verdict=review.verdict,
            )
        )
    return library


# (content folder, index revision, file signature, size limit) → the reviewed library.
_CACHE: dict[tuple[str, str, tuple, int], ContentLibrary] = {}
_CACHE_SIZE = 4


def content_library(settings: Settings, revision: str | None = None) -> ContentLibrary:
    """The reviewed content library, built once per index revision (and file change): a page
    that plans ten times reviews each asset once."""
    folder = settings.knowledge_dir / "content"
    paths = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    key = (str(folder.resolve()), revision or "", folder_signature(paths), settings.max_file_bytes)
    cached = _CACHE.get(key)
    if cached is None:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        cached = _CACHE[key] = load_content_library(settings.knowledge_dir, settings.max_file_bytes)
    return cached


def front_matter(file: KnowledgeFile, max_bytes: int) -> dict:
    if file.path.suffix.lower() not in {".md", ".markdown", ".txt"}:
        return {}
    try:
        meta, _ = split_front_matter(decode_text(file.path, read_file(file, max_bytes)))
    except YamlError as error:
        raise KnowledgeError(file.path, f"front matter: {error.reason}") from None
    except (OSError, ValueError) as error:
        raise KnowledgeError(file.path, f"front matter: {error}") from None
    return meta
