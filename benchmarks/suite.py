"""The benchmarks themselves; each returns rows of (name, value, unit)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXTERNAL = REPO.parent / "shared" / "data" / "external"


@dataclass
class Row:
    name: str
    value: float
    unit: str


def review_texts() -> list[str]:
    """Our labelled copy plus the WNC sentences: realistic marketing and encyclopedic prose."""
    texts = []
    for path in sorted((REPO / "tests" / "eval_data").glob("review_*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text("utf-8").splitlines() if line]
    wnc = EXTERNAL / "wnc" / "pre.train"
    if wnc.is_file():
        texts += wnc.read_text("utf-8").splitlines()
    return texts


def bench_review() -> list[Row]:
    from assistant.evaluation.review import proselint_flagger
    from assistant.review import review_copy

    texts = [t for t in review_texts() if t.strip()]
    words = sum(len(t.split()) for t in texts)
    for language in ("en", "es", "he"):
        review_copy("Warm-up sentence.", language=language)  # compile each language's lexicons
    started = time.perf_counter()
    for text in texts:
        review_copy(text)
    ours = time.perf_counter() - started
    flag = proselint_flagger()
    flag(texts[0])
    started = time.perf_counter()
    for text in texts:
        flag(text)
    theirs = time.perf_counter() - started
    return [
        Row(f"review: {len(texts)} texts, {words} words", words / ours, "words/s"),
        Row("proselint 0.16 on the same texts", words / theirs, "words/s"),
    ]


def bench_email() -> list[Row]:
    from assistant.email_check import check_email

    paths = sorted((EXTERNAL / "spamassassin").glob("*/*.txt"))
    if not paths:
        return [Row("email-check: SpamAssassin corpus missing", 0, "-")]
    messages = [path.read_bytes() for path in paths]
    started = time.perf_counter()
    failures = 0
    for raw in messages:
        try:
            check_email(raw)
        except Exception:  # counted and reported: the benchmark must finish to show them
            failures += 1
    seconds = time.perf_counter() - started
    return [
        Row(
            f"email-check: {len(messages)} SpamAssassin messages", len(messages) / seconds, "msg/s"
        ),
        Row("email-check: messages that raised", failures, "count"),
    ]


def assistant_cli(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        check=True,
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def bench_ingest() -> list[Row]:
    """Bundled pack: first ingest, re-sync with nothing changed, then a cold retrieve."""
    with tempfile.TemporaryDirectory() as folder:
        knowledge = Path(folder) / "knowledge"
        shutil.copytree(REPO / "knowledge", knowledge)
        env = {**os.environ, "ASSISTANT_KNOWLEDGE_DIR": str(knowledge)}
        env["ASSISTANT_DATA_DIR"] = str(Path(folder) / "data")
        first = assistant_cli(["ingest", "--json"], env)
        resync = assistant_cli(["ingest", "--json"], env)
        query = ["retrieve", "how do we get past corporate spam filters?", "--json"]
        assistant_cli(query, env)  # builds the BM25 cache once
        cold = min(assistant_cli(query, env) for _ in range(3))
    return [
        Row("ingest bundled pack (cold process)", first, "s"),
        Row("re-sync, nothing changed (cold process)", resync, "s"),
        Row("assistant retrieve, cold process (best of 3)", cold, "s"),
    ]


BENCHMARKS: dict[str, Callable[[], list[Row]]] = {
    "ingest": bench_ingest,
    "review": bench_review,
    "email": bench_email,
}
