"""Review quality: the labelled sets are well-formed (fast); accuracy and WNC run under -m eval."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from assistant.domain import LANGUAGES
from assistant.errors import InputError
from assistant.evaluation.review import evaluate_review_sets, evaluate_wnc, load_review_sets

REPO = Path(__file__).resolve().parent.parent
EVAL_DIR = REPO / "tests" / "eval_data"
WNC_DIR = REPO.parent / "shared" / "data" / "external" / "wnc"


def test_review_sets_are_well_formed_and_balanced() -> None:
    sets = load_review_sets(EVAL_DIR)
    assert set(sets) == set(LANGUAGES)
    for language, items in sets.items():
        labels = Counter(item.label for item in items)
        assert len(items) >= 36, language
        assert labels["soft"] >= 0.4 * len(items), language
        assert labels["substantive"] >= 0.4 * len(items), language
        assert len({item.text for item in items}) == len(items), f"duplicates in {language}"


def test_a_bad_line_names_the_file_and_line(tmp_path: Path) -> None:
    for language in LANGUAGES:
        (tmp_path / f"review_{language}.jsonl").write_text(
            '{"text": "Fine.", "label": "soft"}\n', encoding="utf-8"
        )
    (tmp_path / "review_es.jsonl").write_text('{"text": "x", "label": "meh"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"review_es\.jsonl:1"):
        load_review_sets(tmp_path)


def test_wnc_evaluation_on_two_pairs(tmp_path: Path) -> None:
    (tmp_path / "pre.train").write_text(
        "she is an award winning journalist .\nthe famous band played in 1990 .\n", encoding="utf-8"
    )
    (tmp_path / "post.train").write_text(
        "she is a journalist .\nthe band played in 1990 .\n", encoding="utf-8"
    )
    report = evaluate_wnc(tmp_path)
    assert report.pairs == 2
    assert report.ours.caught == 2 and report.ours.false_positive_rate == 0.0
    assert report.proselint.linter == "proselint" and report.proselint.words == report.ours.words
    assert "words/s" in report.table()


@pytest.mark.eval
def test_review_accuracy_per_language() -> None:
    report = evaluate_review_sets(EVAL_DIR)
    print("\n" + report.table())
    for score in report.scores:
        for item in score.misclassified:
            print(f"  [{score.language}] {item.label} scored {item.score}: {item.text[:70]!r}")
        assert score.accuracy >= 0.92, score.language


@pytest.mark.eval
def test_review_beats_proselint_on_wnc_pairs() -> None:
    if not (WNC_DIR / "pre.train").is_file():
        pytest.skip(f"WNC data not found in {WNC_DIR}")
    report = evaluate_wnc(WNC_DIR)
    print("\n" + report.table())
    assert report.ours.caught_rate > report.proselint.caught_rate
    assert report.ours.false_positive_rate <= report.proselint.false_positive_rate
