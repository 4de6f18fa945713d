"""The bundled pack's vectors ship with the package: a first start embeds nothing it holds."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant import bundled_embeddings
from assistant.bundled_embeddings import bundle_path, read_bundle, write_bundle
from assistant.config import Settings
from assistant.embeddings import LocalMiniLMEmbeddings
from assistant.index import ingest

REPO = Path(__file__).resolve().parent.parent
REBUILD = ".venv/bin/python scripts/build_bundled_embeddings.py"


def build_script() -> Any:
    spec = importlib.util.spec_from_file_location(
        "build_bundled_embeddings", REPO / "scripts" / "build_bundled_embeddings.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.fixture
def embedded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text the model is asked to embed (the model still runs)."""
    seen: list[str] = []
    original = LocalMiniLMEmbeddings.embed_documents

    def recording(self: LocalMiniLMEmbeddings, texts: list[str]) -> list[list[float]]:
        seen.extend(texts)
        return original(self, texts)

    monkeypatch.setattr(LocalMiniLMEmbeddings, "embed_documents", recording)
    return seen


def test_shipped_vectors_cover_the_bundled_pack() -> None:
    """Fails when knowledge/ changed without rebuilding the shipped vectors."""
    script = build_script()
    missing, problem = script.stale_texts(REPO / "knowledge")
    bundle, _ = read_bundle(bundle_path())
    changed = []
    if bundle is not None:
        _, current = script.pack_texts(REPO / "knowledge")
        built = bundle.meta.get("built_from", {})
        changed = sorted(s for s in set(current) | set(built) if current.get(s) != built.get(s))
    assert not problem and not missing, (
        f"assistant/bundled/pack-embeddings.npz is stale ({problem or f'{len(missing)} texts'}"
        f"; files changed since it was built: {', '.join(changed) or 'unknown'}). "
        f"Rebuild it with `{REBUILD}` (it embeds only the changed texts) and commit the file."
    )


def test_first_ingest_of_the_pack_embeds_nothing(knowledge_dir: Path, embedded: list[str]) -> None:
    settings = Settings(knowledge_dir=knowledge_dir)
    report = ingest(settings)
    assert not report.errors
    assert report.added == len(list(knowledge_dir.rglob("*.*")))
    assert report.chunks > 200
    assert embedded == []


def test_only_a_changed_passage_is_embedded(knowledge_dir: Path, embedded: list[str]) -> None:
    guide = knowledge_dir / "guidance" / "en" / "segmentation.md"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text + "\n## Our new rule\n\nSplit every list by role first.\n", "utf-8")
    report = ingest(Settings(knowledge_dir=knowledge_dir))
    assert not report.errors
    assert len(embedded) == 1 and "Split every list by role first." in embedded[0]


def test_shipped_vectors_equal_what_the_model_computes() -> None:
    script = build_script()
    texts, _ = script.pack_texts(REPO / "knowledge")
    sample = [texts[0], texts[len(texts) // 2], texts[-1]]
    bundle, problem = read_bundle(bundle_path())
    assert bundle is not None, problem
    shipped = np.array(bundle.lookup(sample))
    fresh = np.array(LocalMiniLMEmbeddings().embed_documents(sample))
    assert (np.sum(shipped * fresh, axis=1) > 0.999).all()


def test_a_bundle_for_another_model_or_damaged_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vectors = np.eye(2, 384, dtype=np.float32)
    good = tmp_path / "good.npz"
    write_bundle(good, ["alpha", "beta"], vectors, {})
    bundle, problem = read_bundle(good)
    assert bundle is not None and problem == ""
    assert bundle.lookup(["beta", "gamma"])[0][1] == 1.0
    assert bundle.lookup(["gamma"]) == [None]

    real = bundled_embeddings.model_fingerprint()
    monkeypatch.setattr(
        bundled_embeddings, "model_fingerprint", lambda: {**real, "model_sha256": "0" * 64}
    )
    other = tmp_path / "other.npz"
    write_bundle(other, ["alpha"], vectors[:1], {})
    monkeypatch.undo()
    bundle, problem = read_bundle(other)
    assert bundle is None and "model_sha256" in problem

    damaged = tmp_path / "damaged.npz"
    with np.load(good) as data:
        parts = {name: np.array(data[name]) for name in data.files}
    parts["vectors"][0, 0] = 0.5
    np.savez(damaged, **parts)
    bundle, problem = read_bundle(damaged)
    assert bundle is None and "digest" in problem

    (tmp_path / "junk.npz").write_bytes(b"not a zip")
    assert read_bundle(tmp_path / "junk.npz")[0] is None


def test_progress_moves_per_batch(small_knowledge: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Text the bundle lacks is embedded in small batches, each reported (not once at the end)."""
    import assistant.index

    monkeypatch.setattr(assistant.index, "EMBED_BATCH", 2)
    events: list[tuple[int, int]] = []
    report = ingest(
        Settings(knowledge_dir=small_knowledge),
        progress=lambda phase, done, total: (
            events.append((done, total)) if phase == "embed" else None
        ),
    )
    total = report.chunks
    assert total >= 4
    assert events[0] == (0, total)
    assert [done for done, _ in events] == sorted({*range(0, total, 2), total})
    assert all(seen_total == total for _, seen_total in events)
