"""Hostile inputs, measured: the review's input cap and per-sentence cost, and how fast an
answer from a hostile chat server ends (deadline, size cap). Each run is a fresh process, so
time and peak memory are the process's own (`os.wait4`)."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

from benchmarks.rows import REPO, Row

TESTS = REPO / "tests"


def measured(args: list[str], env: dict[str, str], stdin: bytes = b"") -> tuple[float, float, str]:
    """(seconds, peak MB, stdout) of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        args,
        env=env,
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        process.stdin.write(stdin)
        process.stdin.close()
    except BrokenPipeError:  # the child refused the input without reading it all: the point
        pass
    out = process.stdout.read()
    process.stderr.read()
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0
    return time.perf_counter() - started, usage.ru_maxrss / 1024, out.decode("utf-8", "replace")


def prose(size: int, seed: int = 7) -> str:
    """Generated English prose from the guidance vocabulary: sentences of 8-25 words."""
    text = " ".join(
        p.read_text("utf-8") for p in sorted((REPO / "knowledge/guidance/en").glob("*.md"))
    )
    words = re.findall(r"[A-Za-z]+", text)
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < size:
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(8, 25))).capitalize()
        sentence += rng.choice([". ", ". ", "? ", ". \n\n"])
        parts.append(sentence)
        total += len(sentence)
    return "".join(parts)[:size]


def bench_review_limits(env: dict[str, str], folder: Path) -> Iterator[Row]:
    """Time per sentence = (time - the time of a one-sentence review) / sentences, so process
    start, imports and the index load are not counted; equal at both sizes means linear."""
    cli = [sys.executable, "-m", "assistant", "review"]
    one = folder / "one.txt"
    one.write_text("Buyers compare suppliers before they call sales.", encoding="utf-8")
    measured([*cli, str(one), "--json"], env)  # builds the BM25 cache
    base = min(measured([*cli, str(one), "--json"], env)[0] for _ in range(2))
    yield Row("review of one sentence (start-up, index load)", base, "s")
    uncapped = {**env, "ASSISTANT_MAX_REVIEW_CHARS": "2000000"}  # to see the slope past it
    for size in (50_000, 200_000):
        copy = folder / f"copy-{size}.txt"
        copy.write_text(prose(size), encoding="utf-8")
        sentences = len(re.findall(r"[.?] ", copy.read_text("utf-8")))
        seconds, peak, _ = measured([*cli, str(copy), "--json"], uncapped)
        yield Row(f"review {size // 1000} KB with nothing-new check", seconds, "s")
        per_sentence = (seconds - base) / sentences * 1000
        yield Row(f"  per sentence ({sentences} sentences)", per_sentence, "ms")
        yield Row("  peak memory", peak, "MB")
    seconds, peak, _ = measured([*cli, "-", "--json"], env, prose(5_000_000).encode())
    yield Row("review - with 5 MB on stdin (refused by the cap)", seconds, "s")
    yield Row("  peak memory", peak, "MB")


LLM_CHILD = """
import json, os, sys, time, resource
from openai_server import *
server = FakeOpenAIServer(model="fake-chat").start()
os.environ.update(OPENAI_BASE_URL=server.base_url, OPENAI_API_KEY="sk-bench",
                  ASSISTANT_CHAT_MODEL="fake-chat", ASSISTANT_LLM_MAX_RETRIES="0")
reply = {"trickle": TrickleReply(interval=0.2), "huge-words": HugeReply(4_000_000),
         "huge-event": HugeReply(50_000_000, one_event=True)}[sys.argv[1]]
server.enqueue(reply)
from assistant.agent import make_assistant
from assistant.config import load_settings
assistant = make_assistant(load_settings())
assistant.engine.answer("What does a buyer need?")  # the offline engine's first-use loading
started = time.perf_counter()
answer = assistant.answer("What does a buyer need?")
print(json.dumps({"seconds": time.perf_counter() - started, "notice": answer.notice}))
"""


def bench_llm_limits(env: dict[str, str]) -> Iterator[Row]:
    child_env = {**env, "PYTHONPATH": str(TESTS), "ASSISTANT_LLM_DEADLINE": "10"}
    for attack, label in (
        ("trickle", "a token every 0.2 s, for ever (deadline 10 s)"),
        ("huge-words", "a 4 MB reply in word-sized events"),
        ("huge-event", "a 50 MB reply in one event"),
    ):
        _, peak, out = measured(
            [sys.executable, "-c", textwrap.dedent(LLM_CHILD), attack], child_env
        )
        result = json.loads(out.strip().splitlines()[-1])
        yield Row(f"LLM answer: {label}", result["seconds"], "s to the offline answer")
        yield Row("  peak memory", peak, "MB")


def bench_limits() -> Iterator[Row]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(REPO / "knowledge", root / "knowledge")
        env = {
            **os.environ,
            "ASSISTANT_KNOWLEDGE_DIR": str(root / "knowledge"),
            "ASSISTANT_DATA_DIR": str(root / "data"),
        }
        subprocess.run(
            [sys.executable, "-m", "assistant", "ingest"],
            env=env,
            cwd=REPO,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        yield from bench_review_limits(env, root)
        yield from bench_llm_limits(env)
