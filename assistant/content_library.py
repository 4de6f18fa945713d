"""The team's existing content (`knowledge/content/`), mapped into the role × stage matrix."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.domain import LANGUAGES, ROLES, STAGES
from assistant.errors import KnowledgeError
from assistant.knowledge import KnowledgeFile, discover, load_file, split_front_matter
from assistant.language import detect_language, index_terms
from assistant.playbook import playbook
from assistant.safe_yaml import YamlError


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


PLACEHOLDER_RE = re.compile(r"\{[a-z_]+\}")
SECOND_ROLE_SHARE = 0.8


@lru_cache(maxsize=3)
def cell_terms(language: str) -> dict[tuple[str, str], frozenset[str]]:
    """The words of each playbook cell (what the role asks, the format, proof, angle, title)."""
    terms: dict[tuple[str, str], frozenset[str]] = {}
    for role in ROLES:
        for stage in STAGES:
            text = playbook().cell(role, stage).text(language)
            words = " ".join((text.asks, text.format, text.title, text.angle, text.proof))
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


def load_content_library(knowledge_dir: Path, max_bytes: int = 20_000_000) -> list[ContentAsset]:
    """Every asset under content/, with its roles and stages (given or inferred) and its review."""
    from assistant.review import review_copy

    folder = knowledge_dir / "content"
    if not folder.is_dir():
        return []
    assets: list[ContentAsset] = []
    for file in discover(knowledge_dir):
        if file.kind != "content":
            continue
        loaded = load_file(file, max_bytes)
        if loaded.error is not None or not loaded.chunks:
            continue
        text = "\n\n".join(chunk.text for chunk in loaded.chunks)
        meta = front_matter(file)
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
        assets.append(
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
    return assets


def front_matter(file: KnowledgeFile) -> dict:
    if file.path.suffix.lower() not in {".md", ".markdown", ".txt"}:
        return {}
    try:
        meta, _ = split_front_matter(file.path.read_text(encoding="utf-8"))
    except YamlError as error:
        raise KnowledgeError(file.path, f"front matter: {error.reason}") from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise KnowledgeError(file.path, f"front matter: {error}") from None
    return meta
