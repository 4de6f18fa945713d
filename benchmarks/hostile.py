"""Hostile inputs (issue 15): time and peak memory of each attack, each in its own bounded
child process (tests/bounded.py), and how HTML and chunking time grow with the input."""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from benchmarks.rows import REPO, Row

sys.path.insert(0, str(REPO / "tests"))

import attacks  # noqa: E402 - generators shared with the tests
from bounded import GB, run_bounded  # noqa: E402

LOAD = """
from pathlib import Path
from assistant.knowledge import KnowledgeFile, load_file
path = Path({path!r})
loaded = load_file(KnowledgeFile(path, {source!r}, {kind!r}), 20_000_000)
print(loaded.error.code if loaded.error else f"{{len(loaded.chunks)}} chunks")
"""

INGEST = """
from assistant.config import Settings
from assistant.index import ingest
from pathlib import Path
report = ingest(Settings(knowledge_dir=Path({knowledge!r}), data_dir=Path({data!r})))
print(report.model_dump_json())
"""

ATTACKS: list[tuple[str, Callable[[], bytes], str, str]] = [
    ("356-byte anchor-bomb front matter", attacks.anchor_bomb_markdown, "bomb.md", "document"),
    (
        "front matter nested 5,000 deep",
        lambda: attacks.deep_front_matter(5_000),
        "d.md",
        "document",
    ),
    ("persona nested 20,000 deep (40 KB)", attacks.deep_persona, "p.yaml", "persona"),
    ("DOCX with 1.2 GB of XML (3.6 MB)", attacks.docx_bomb, "bomb.docx", "document"),
    ("DOCX lying about its size", lambda: attacks.docx_bomb(declared=1000), "l.docx", "document"),
    ("DOCX with 1 MB of text", lambda: attacks.docx_with_text(1_000_000), "t.docx", "document"),
    ("PDF stream bomb (3.2 MB -> 3.3 GB)", attacks.pdf_stream_bomb, "bomb.pdf", "document"),
    ("PDF of 5,000 pages", lambda: attacks.pdf_pages(5_000), "pages.pdf", "document"),
    ("HTML: 250 KB of unclosed <span", attacks.unclosed_spans, "spans.html", "document"),
    ("HTML: 50,000 nested tags", attacks.nested_tags, "nested.html", "document"),
]


def bench_hostile() -> Iterator[Row]:
    with tempfile.TemporaryDirectory() as folder:
        for label, build, name, kind in ATTACKS:
            path = Path(folder) / name
            path.write_bytes(build())
            source = f"personas/{name}" if kind == "persona" else name
            outcome = run_bounded(
                LOAD.format(path=str(path), source=source, kind=kind),
                address_space=GB,
                timeout=120,
            )
            result = outcome.stdout.strip() or f"exit {outcome.returncode}"
            yield Row(f"{label}: {result}", outcome.seconds, "s")
            yield Row(f"{label}: CPU time", outcome.cpu_seconds, "s")
            yield Row(f"{label}: peak memory", outcome.peak_mb, "MB")
        yield from worst_case_ingest(Path(folder))
    yield from growth()


def worst_case_ingest(folder: Path) -> Iterator[Row]:
    """One file at the text cap, ingested end to end (chunking and embedding included)."""
    knowledge = folder / "knowledge"
    knowledge.mkdir()
    sentences = [
        f"Pallet {n} left dock {n % 17} after a {n % 9 + 2}-minute check by team {n % 5}."
        for n in range(4_000)
    ]
    paragraphs = [" ".join(sentences[i : i + 8]) for i in range(0, len(sentences), 8)]
    (knowledge / "long.md").write_text("\n\n".join(paragraphs), encoding="utf-8")
    outcome = run_bounded(
        INGEST.format(knowledge=str(knowledge), data=str(folder / "data")),
        address_space=2 * GB,
        timeout=600,
    )
    yield Row("ingest one file at the text cap", outcome.seconds, "s")
    yield Row("ingest one file at the text cap: CPU time", outcome.cpu_seconds, "s")
    yield Row("ingest one file at the text cap: peak memory", outcome.peak_mb, "MB")


def growth() -> Iterator[Row]:
    """Linear, not quadratic: time per tag stays flat as the input grows 16 times; copy that once
    made a review pattern rescan from every position reviews in milliseconds."""
    from assistant.extraction import html_to_markdown
    from assistant.knowledge import KnowledgeFile, chunk_markdown

    for count in (12_500, 50_000, 200_000):
        started = time.perf_counter()
        html_to_markdown("x.html", attacks.unclosed_spans(count))
        html_to_markdown("x.html", attacks.nested_tags(count))
        yield Row(
            f"HTML, {count:,} unclosed + {count:,} nested tags", time.perf_counter() - started, "s"
        )
    file = KnowledgeFile(Path("x.md"), "x.md", "document")
    from assistant.review import review_copy

    for label, text in attacks.PATHOLOGICAL_COPY.items():
        started = time.perf_counter()
        review_copy(text, language="en", channel="newsletter")
        yield Row(f"review of {label}", time.perf_counter() - started, "s")
    for lines in (25_000, 100_000, 200_000):
        started = time.perf_counter()
        chunk_markdown("x\n" * lines, file, "h", {}, "en")
        yield Row(f"chunking {lines:,} one-word lines", time.perf_counter() - started, "s")
