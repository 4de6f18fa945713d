"""Generated knowledge corpora for scale benchmarks: clauses of the bundled guidance under
numbered headings, in the three languages, 50 sections (chunks) per file.

Embedding is compute-bound here (~5,000 tokens/s on 2 cores, measured), so a chunk is one
clause whose embedded text (heading included) is at most MAX_CHUNK_TOKENS tokens of the
bundled model (~22 on average; bundled guidance chunks average ~160), which keeps the
100k-chunk ingest inside the 20-minute benchmark budget."""

from __future__ import annotations

import random
import re
from pathlib import Path

from assistant.domain import TOPICS
from assistant.knowledge import split_front_matter

REPO = Path(__file__).resolve().parent.parent
SECTIONS_PER_FILE = 50
CLAUSE_RE = re.compile(r"(?<=[.!?;:])\s+|\s+[—–-]\s+|,\s+")
MAX_CHUNK_TOKENS = 28


def guidance_sentences() -> dict[tuple[str, str], list[str]]:
    """Clauses of at least 4 words, short enough (in model tokens) under a generated heading."""
    from assistant.embeddings import load_tokenizer

    tokenizer = load_tokenizer()
    sentences: dict[tuple[str, str], list[str]] = {}
    for path in sorted((REPO / "knowledge" / "guidance").glob("*/*.md")):
        meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        text = " ".join(line for line in body.splitlines() if line and not line.startswith("#"))
        parts = [part.strip() for part in CLAUSE_RE.split(text) if len(part.split()) >= 4]
        sentences[(meta["language"], meta["topic"])] = [
            part
            for part in parts
            if len(tokenizer.encode(f"G0 — N0\n{part}").ids) <= MAX_CHUNK_TOKENS
        ]
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
            lines += ["", f"## N{section}", "", sentence]
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
        path.write_text(text.replace("## N0\n", "## N0 (edited)\n", 1), encoding="utf-8")
    return len(chosen)
