"""Rebuild the shipped vectors of the bundled knowledge pack: assistant/bundled/pack-embeddings.npz.

Run after any change under knowledge/ (tests/test_bundled_embeddings.py fails until you do):

    .venv/bin/python scripts/build_bundled_embeddings.py [--knowledge DIR] [--check] [--full]

It reads every file the ingest would read, embeds each chunk's embedding text with the bundled
local model and writes one vector per distinct text, keyed by the text's sha256 and stamped with
the model's sha256, so a first start only embeds what changed since. `--check` only reports
whether the shipped file is current (exit 1 when not). Texts the file already holds keep
their vectors, so a rebuild embeds only what changed (--full: everything, ~15 s on 2 cores).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from assistant.bundled_embeddings import BUNDLE, read_bundle, text_key, write_bundle  # noqa: E402
from assistant.index import embedding_text  # noqa: E402
from assistant.knowledge import discover, load_file  # noqa: E402

MAX_BYTES = 20 * 1024 * 1024
TARGET = REPO.joinpath("assistant", *BUNDLE)


def pack_texts(knowledge: Path) -> tuple[list[str], dict[str, str]]:
    """Every distinct embedding text of the pack, and each file's sha256 (for the test's report)."""
    texts: dict[bytes, str] = {}
    built_from: dict[str, str] = {}
    for file in discover(knowledge):
        loaded = load_file(file, MAX_BYTES)
        if loaded.error is not None:
            raise SystemExit(f"error: {file.source}: {loaded.error.reason}")
        built_from[file.source] = loaded.file_hash
        for chunk in loaded.chunks:
            text = embedding_text(chunk)
            texts.setdefault(text_key(text), text)
    return list(texts.values()), built_from


def stale_texts(knowledge: Path) -> tuple[list[str], str]:
    """Texts of the pack the shipped file lacks, and why the file is unusable ("" if usable)."""
    texts, _ = pack_texts(knowledge)
    bundle, problem = read_bundle(TARGET)
    if bundle is None:
        return texts, problem
    return [
        text for text, vector in zip(texts, bundle.lookup(texts), strict=True) if vector is None
    ], ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", type=Path, default=REPO / "knowledge")
    parser.add_argument("--check", action="store_true", help="only say whether it is current")
    parser.add_argument("--full", action="store_true", help="embed every text again")
    args = parser.parse_args()
    if args.check:
        missing, problem = stale_texts(args.knowledge)
        if problem or missing:
            print(f"stale: {problem or f'{len(missing)} chunk texts not in the file'}")
            raise SystemExit(1)
        print("current")
        return
    from assistant.embeddings import LocalMiniLMEmbeddings

    started = time.perf_counter()
    texts, built_from = pack_texts(args.knowledge)
    # Texts the shipped file already holds keep their vectors (same model, same text), so a
    # rebuild after editing a few files takes seconds; --full embeds everything again.
    previous, _ = (None, "") if args.full else read_bundle(TARGET)
    known = previous.lookup(texts) if previous is not None else [None] * len(texts)
    todo = [i for i, vector in enumerate(known) if vector is None]
    fresh = LocalMiniLMEmbeddings().embed_documents([texts[i] for i in todo]) if todo else []
    vectors = np.zeros((len(texts), 384), dtype=np.float32)
    for i, vector in enumerate(known):
        if vector is not None:
            vectors[i] = vector
    for i, vector in zip(todo, fresh, strict=True):
        vectors[i] = vector
    write_bundle(TARGET, texts, vectors, built_from)
    took = time.perf_counter() - started
    print(f"{TARGET.relative_to(REPO)}: {len(texts)} vectors from {len(built_from)} files")
    print(f"{len(todo)} embedded, {len(texts) - len(todo)} kept; {took:.1f} s")


if __name__ == "__main__":
    main()
