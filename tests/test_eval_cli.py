"""`assistant eval` end to end on a tiny labelled set (the full sets run in `make eval`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.domain import LANGUAGES
from assistant.evaluation import HALVES

REPO = Path(__file__).resolve().parent.parent


def test_eval_prints_retrieval_and_review_scores(indexed_knowledge: Path, tmp_path: Path) -> None:
    eval_dir = tmp_path / "eval"
    eval_dir.mkdir()
    for language in LANGUAGES:
        source = REPO / "tests" / "eval_data"
        for name in (f"retrieval_{language}.jsonl", f"review_{language}.jsonl"):
            lines = (source / name).read_text(encoding="utf-8").splitlines()[:4]
            (eval_dir / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        for name in (f"titles_{language}.jsonl",):
            lines = (source / name).read_text(encoding="utf-8").splitlines()[:30]
            (eval_dir / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    external = tmp_path / "external"
    (external / "wnc").mkdir(parents=True)
    for name in ("pre.train", "post.train"):
        wnc = REPO.parent / "shared" / "data" / "external" / "wnc" / name
        text = wnc.read_text(encoding="utf-8").splitlines()[:20] if wnc.is_file() else []
        (external / "wnc" / name).write_text("\n".join(text) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["eval", "--eval-dir", str(eval_dir), "--external", str(external), "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    scores = report["retrieval"]["scores"]
    modes = {(s["language"], s["mode"]) for s in scores}
    assert ("he", "hybrid") in modes and ("en", "dense") in modes
    # Every language and mode is scored on the whole set and on each half (2 + 2 of 4 lines).
    halves = {(s["split"], s["n"]) for s in scores if s["set"] == "retrieval"}
    assert halves == {("all", 4), ("tune", 2), ("report", 2)}
    assert {s["language"] for s in report["review"]["scores"]} == set(LANGUAGES)
    assert report["email"] is None
    assert any("SpamAssassin corpus is absent" in note for note in report["notes"])
    titles = {(s["language"], s["split"]): s for s in report["titles"]["scores"]}
    assert set(titles) == {(lang, half) for lang in LANGUAGES for half in HALVES}
    assert all(0 <= s["role_f1"] <= 1 and s["n"] > 0 for s in titles.values())
    assert [r["split"] for r in report["segments"]] == ["tune", "report"]
    variants = report["segments"][1]["variants"]
    assert len(variants) == 8 and all(v["empty_rows_right"] for v in variants)
    assert all(f["f1"] == 1.0 for v in variants for f in v["flags"] if f["support"])
    if report["wnc"] is not None:
        assert report["wnc"]["ours"]["linter"] == "ours"
        assert report["wnc"]["proselint"]["linter"] == "proselint"


def test_eval_missing_set_is_exit_2(indexed_knowledge: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", "--eval-dir", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "question set not found" in result.stderr


def test_eval_finds_the_repositorys_sets_from_any_folder_and_names_what_is_absent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.evaluation import eval_data_dir, external_data_dir

    assert eval_data_dir() == REPO / "tests" / "eval_data"  # isolated_env runs from tmp_path
    assert external_data_dir() == REPO.parent / "shared" / "data" / "external"
    monkeypatch.setattr(
        "assistant.evaluation.report.eval_data_dir", lambda: tmp_path / "site-packages" / "x"
    )
    result = CliRunner().invoke(cli, ["eval"])
    assert result.exit_code == 2
    assert "ship with the repository (tests/eval_data)" in result.stderr
    assert "--eval-dir" in result.stderr
