"""Answer quality: the labelled sets are well-formed and the matching rule holds (fast); the
tune-half scores run under `-m eval` (the report half is scored by `assistant eval --half`)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from assistant.domain import LANGUAGES
from assistant.evaluation.answers import group_matched, load_answer_questions
from assistant.understanding import KINDS as QUESTION_KINDS

REPO = Path(__file__).resolve().parent.parent
EVAL_DIR = REPO / "tests" / "eval_data"
KINDS = {*QUESTION_KINDS, "follow-up", "out-of-scope"}  # what the labelled sets use


def test_answer_sets_are_well_formed() -> None:
    questions = load_answer_questions(EVAL_DIR)
    ids = [q.id for _, q in questions]
    assert len(ids) == len(set(ids))
    for language in LANGUAGES:
        own = [q for lang, q in questions if lang == language and "-x" not in q.id]
        assert len(own) >= 40, language
        halves = Counter(q.split for q in own)
        assert halves["tune"] >= 20 and halves["report"] >= 20, language
        assert {q.kind for q in own} == KINDS, language
    for _, question in questions:
        assert question.out_of_scope == (question.kind == "out-of-scope")
        assert bool(question.facts) != question.out_of_scope, question.id
        assert bool(question.history) == (question.kind == "follow-up"), question.id
    extra = [q for _, q in questions if "-x" in q.id]
    assert extra and all(q.split == "tune" for q in extra)  # our own questions only tune


def test_every_batch_on_disk_is_scored() -> None:
    """A batch file in the folder is loaded whole: none is forgotten by name."""
    on_disk = sum(
        1
        for path in EVAL_DIR.glob("answers_*.jsonl")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
    assert len(load_answer_questions(EVAL_DIR)) == on_disk


@pytest.mark.parametrize(
    ("group", "text", "matched"),
    [
        (["Decider"], "the decider has the last word", True),
        (["coste por lead"], "El CPL (coste por lead) es…", True),
        (["búsqueda de proveedores"], "la busqueda de proveedores", True),
        (["קניין"], "הקניין משווה ספקים", True),  # an attached prefix
        (['מנכ"ל'], "עוזרת מנכ״ל", True),  # either gershayim
        (["total cost of ownership", "TCO"], "**TCO** worksheet", True),
        (["payback"], "return on investment", False),
    ],
)
def test_matching_rule(group: list[str], text: str, matched: bool) -> None:
    assert group_matched(group, text) is matched


@pytest.mark.eval
def test_tune_half_scores(indexed_knowledge: Path) -> None:
    from assistant.chat import ChatEngine
    from assistant.config import load_settings
    from assistant.evaluation.answers import evaluate_answers

    report = evaluate_answers(ChatEngine(load_settings()), load_answer_questions(EVAL_DIR))
    for score in report.scores:
        assert score.facts >= 0.9, score.language
        assert score.lead >= 0.8, score.language
