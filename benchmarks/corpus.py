"""Generated knowledge corpora for scale benchmarks: sentences of the bundled guidance under
headings with fresh numbers, in the three languages, 50 sections (chunks) per file.

Embedding is compute-bound here (~4,500 tokens/s on 2 cores, measured), so chunks are one
sentence each to keep a 100k-chunk run inside the 20-minute benchmark budget."""

from __future__ import annotations

import random
import re
from pathlib import Path

from assistant.domain import TOPICS
from assistant.knowledge import split_front_matter

REPO = Path(__file__).resolve().parent.parent
SECTIONS_PER_FILE = 50
SENTENCE_RE = re.compile(r"(?<=[.!?])\s+")


def guidance_sentences() -> dict[tuple[str, str], list[str]]:
    sentences: dict[tuple[str, str], list[str]] = {}
    for path in sorted((REPO / "knowledge" / "guidance").glob("*/*.md")):
        meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        text = " ".join(line for line in body.splitlines() if line and not line.startswith("#"))
        parts = [s.strip() for s in SENTENCE_RE.split(text) if 6 <= len(s.split()) <= 14]
        sentences[(meta["language"], meta["topic"])] = parts
    return sentences


def write_corpus(root: Path, chunks: int, seed: int = 7) -> int:
    """Write about `chunks` chunks under root/generated/; returns the number of files."""
    rng = random.Random(seed)
    pool = guidance_sentences()
    keys = sorted(pool)
    files = max(1, chunks // SECTIONS_PER_FILE)
    folder = root / "generated"
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(files):
        language, topic = keys[number % len(keys)]
        lines = [
            "---",
            f"topic: {topic}",
            f"language: {language}",
            f"title: G{number}",
            "---",
            f"# G{number}",
        ]
        for section in range(SECTIONS_PER_FILE):
            sentence = rng.choice(pool[(language, topic)])
            lines += ["", f"## N{section}: {rng.randint(2, 900)}", "", sentence]
        (folder / f"{number:05d}-{language}-{topic}.md").write_text(
            "\n".join(lines) + "\n", "utf-8"
        )
    assert topic in TOPICS
    return files


def touch_share(root: Path, share: float, seed: int = 11) -> int:
    """Edit a share of the generated files (one number changes), for incremental re-sync."""
    files = sorted((root / "generated").glob("*.md"))
    chosen = random.Random(seed).sample(files, max(1, int(len(files) * share)))
    for path in chosen:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("## N0:", "## N0 (edited):", 1), encoding="utf-8")
    return len(chosen)
