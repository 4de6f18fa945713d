"""The review's score explanation adds up to the score shown, rounding included."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.domain import LANGUAGES
from assistant.review import review_copy, score_parts

EVAL = Path(__file__).resolve().parent / "eval_data"
# "= 25 to start + 31 for specifics (…) − 12 for findings (Puffery −7, …)" in en/es/he.
SUM = re.compile(r"= (\d+) [^+]*\+ (\d+) [^−]*− (\d+) ")


def labelled(language: str) -> list[dict]:
    lines = (EVAL / f"review_{language}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.mark.parametrize("language", LANGUAGES)
def test_explanation_parts_sum_to_the_score_over_the_labelled_sets(language: str) -> None:
    for case in labelled(language):
        result = review_copy(case["text"], channel=case.get("channel"), role=case.get("role"))
        explanation = result.stats["score_explanation"]
        assert f"{result.score}/100" in explanation
        match = SUM.search(explanation)
        assert match, explanation
        base, specifics, findings = (int(group) for group in match.groups())
        assert max(0, min(100, base + specifics - findings)) == result.score, explanation
        listed = [int(n) for n in re.findall(r"−(\d+)", explanation[match.end() :])]
        assert sum(listed) == findings, explanation
        if base + specifics - findings != result.score:  # clamped: the sentence says so
            assert explanation.rstrip(".").endswith(("0", "100")), explanation
        parts = result.stats["score_parts"]
        assert parts["base"] + parts["specifics"] - parts["findings"] + parts["adjustment"] == (
            result.score
        )
        assert sum(parts["by_rule"].values()) == parts["findings"]


def test_explanation_names_rules_and_verdict_in_the_copy_language() -> None:
    spanish = "Nuestra solución integral de vanguardia optimiza sus procesos. ¡Contáctenos!"
    explanation = review_copy(spanish).stats["score_explanation"]
    assert "blando" in explanation and "soft" not in explanation
    assert not re.search(r"\b[a-z]+-[a-z]+\b", explanation), explanation  # no rule ids


def test_rounding_of_parts_never_drifts() -> None:
    """Parts rounded one by one would drift: 3 × 0.4 → 0 + 0 + 0 against a total of 1."""
    parts = score_parts(25, 10.4, {"hedge": 0.4, "filler": 0.4, "cliche": 0.4})
    assert parts.base + parts.specifics - parts.findings == round(25 + 10.4 - 1.2)
    assert sum(parts.by_rule.values()) == parts.findings == 1
    floored = score_parts(25, 0.0, {"puffery": 15.0, "no-cta": 8.0, "we-centred": 8.0})
    assert floored.total == 0 and floored.adjustment == 6
