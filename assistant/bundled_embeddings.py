"""Vectors of the bundled knowledge pack, shipped with the package so a first start embeds nothing.

`assistant/bundled/pack-embeddings.npz` maps sha256(embedding text) → vector for every chunk of
`knowledge/` as built by `scripts/build_bundled_embeddings.py`. It is trusted only when it was
built by the very model that would embed now (the model file's sha256, the tokenizer's sha256,
the token limit) and its own digest checks out; otherwise it is ignored and everything is
embedded as before. Any chunk whose text is not in the file (a changed or added file, a team's
own documents) is embedded normally, so the file can only save work, never change results.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from assistant.config import Settings

FORMAT = 1
BUNDLE = ("bundled", "pack-embeddings.npz")


def text_key(text: str) -> bytes:
    """The lookup key of one embedding text (raw sha256 digest, 32 bytes)."""
    return hashlib.sha256(text.encode("utf-8")).digest()


def model_fingerprint() -> dict[str, Any]:
    """What the vectors depend on: the verified model file, the tokenizer and the token limit."""
    from assistant.embeddings import MAX_TOKENS, MODEL_NAME, tokenizer_sha256, verified_model_sha256

    return {
        "model": MODEL_NAME,
        "model_sha256": verified_model_sha256(),
        "tokenizer_sha256": tokenizer_sha256(),
        "max_tokens": MAX_TOKENS,
    }


def bundle_path() -> Path:
    return Path(str(resources.files("assistant").joinpath(*BUNDLE)))


def payload_digest(keys: np.ndarray, vectors: np.ndarray) -> str:
    return hashlib.sha256(keys.tobytes() + vectors.tobytes()).hexdigest()


@dataclass(frozen=True)
class BundledVectors:
    """An in-memory lookup: text → vector, or nothing for texts the bundle does not hold."""

    positions: dict[bytes, int]
    vectors: np.ndarray
    meta: dict[str, Any]

    def lookup(self, texts: list[str]) -> list[np.ndarray | None]:
        found: list[np.ndarray | None] = []
        for text in texts:
            position = self.positions.get(text_key(text))
            found.append(None if position is None else self.vectors[position])
        return found

    def __len__(self) -> int:
        return len(self.positions)


EMPTY = BundledVectors(positions={}, vectors=np.zeros((0, 0), dtype=np.float32), meta={})


def read_bundle(path: Path) -> tuple[BundledVectors | None, str]:
    """The bundle at `path` and "" when it is valid for the installed model, else (None, why)."""
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(bytes(data["meta"]).decode("utf-8"))
            keys = np.array(data["keys"])
            vectors = np.array(data["vectors"])
    except FileNotFoundError:
        return None, f"{path.name} not found"
    except (OSError, ValueError, KeyError) as error:
        return None, f"{path.name} unreadable: {error}"
    if meta.get("format") != FORMAT:
        return None, f"format {meta.get('format')!r}, expected {FORMAT}"
    expected = model_fingerprint()
    for name, value in expected.items():
        if meta.get(name) != value:
            return None, f"built for another {name} ({meta.get(name)!r})"
    if keys.dtype != np.dtype("S32") or vectors.dtype != np.float32 or vectors.ndim != 2:
        return None, "unexpected array types"
    if len(keys) != len(vectors) or vectors.shape[1] != meta.get("dimensions"):
        return None, "keys and vectors do not match"
    if payload_digest(keys, vectors) != meta.get("digest"):
        return None, "digest mismatch (damaged or edited file)"
    if not np.isfinite(vectors).all():
        return None, "non-finite values"
    positions = {bytes(key): position for position, key in enumerate(keys)}
    return BundledVectors(positions=positions, vectors=vectors, meta=meta), ""


@lru_cache(maxsize=1)
def _installed_bundle() -> BundledVectors:
    bundle, _ = read_bundle(bundle_path())
    return bundle or EMPTY


def bundled_vectors(settings: Settings) -> BundledVectors:
    """The shipped vectors when they fit the embedding model in use (local only), else none."""
    if settings.embeddings != "local":
        return EMPTY
    return _installed_bundle()


def write_bundle(path: Path, texts: list[str], vectors: np.ndarray, built_from: dict) -> None:
    """Written by the build script: keys, float32 vectors and a JSON header with the digest."""
    keys = np.array([text_key(text) for text in texts], dtype="S32")
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    meta = {
        "format": FORMAT,
        **model_fingerprint(),
        "dimensions": int(vectors.shape[1]),
        "count": len(texts),
        "digest": payload_digest(keys, vectors),
        "built_from": built_from,
    }
    header = np.frombuffer(json.dumps(meta, sort_keys=True).encode("utf-8"), dtype=np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial.npz")
    np.savez_compressed(partial, meta=header, keys=keys, vectors=vectors)
    partial.replace(path)
