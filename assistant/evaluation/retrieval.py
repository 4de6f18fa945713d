"""Retrieval quality: hit@1, hit@3 and MRR per language for dense, BM25 and hybrid.

Two question sets: `retrieval_*.jsonl` (written for retrieval, one expected topic each) and the
single-turn, in-scope questions of `answers_*.jsonl` that name a topic (written the way
marketers ask, for the answer evaluation). Each question belongs to the `tune` or the `report`
half: weights are chosen on `tune`, quality is quoted on `report`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from assistant.domain import LANGUAGES
from assistant.errors import InputError
from assistant.retrieval import Mode, Retriever

MODES: tuple[Mode, ...] = ("dense", "bm25", "hybrid")
SPLITS = ("all", "tune", "report")
QuestionSet = Literal["retrieval", "answers"]


class Question(BaseModel):
    question: str
    language: str
    topic: str
    split: Literal["tune", "report"] | None = None
    set: QuestionSet = "retrieval"


class RetrievalScore(BaseModel):
    language: str
    mode: str
    n: int
    hit_at_1: float
    hit_at_3: float
    mrr: float
    split: str = "all"
    set: QuestionSet = "retrieval"
    misses: list[str] = Field(default_factory=list)


class RetrievalEvalReport(BaseModel):
    scores: list[RetrievalScore]

    def table(self) -> str:
        """One row per language, set and mode: hit@1 / hit@3 / MRR on all, tune and report."""
        lines = [
            "language  set        mode     n    all (h@1 h@3 MRR)    tune                 report"
        ]
        rows: dict[tuple[str, str, str], dict[str, RetrievalScore]] = {}
        for score in self.scores:
            rows.setdefault((score.language, score.set, score.mode), {})[score.split] = score
        for (language, question_set, mode), by_split in rows.items():
            cells = []
            for split in SPLITS:
                s = by_split.get(split)
                cells.append(f"{s.hit_at_1:.3f} {s.hit_at_3:.3f} {s.mrr:.3f}" if s else " " * 17)
            lines.append(
                f"{language:<9} {question_set:<10} {mode:<7} {by_split['all'].n:>3}  "
                + "    ".join(cells)
            )
        return "\n".join(lines)


def load_questions(eval_dir: Path) -> list[Question]:
    """Both sets; the answers set is optional (its multi-turn and out-of-scope rows are left out:
    they have no single topic to find)."""
    questions: list[Question] = []
    for language in LANGUAGES:
        path = eval_dir / f"retrieval_{language}.jsonl"
        if not path.is_file():
            raise InputError(f"{path}: question set not found", field="--eval-dir")
        for number, row in read_rows(path):
            try:
                questions.append(Question.model_validate(row))
            except ValueError as error:
                raise InputError(f"{path}:{number}: {error}".splitlines()[0]) from None
        answers = eval_dir / f"answers_{language}.jsonl"
        if answers.is_file():
            for _, row in read_rows(answers):
                if row.get("topic") and not row.get("history") and not row.get("out_of_scope"):
                    questions.append(
                        Question(
                            question=str(row["question"]),
                            language=language,
                            topic=str(row["topic"]),
                            split=row.get("split"),
                            set="answers",
                        )
                    )
    return questions


def read_rows(path: Path) -> list[tuple[int, dict]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append((number, json.loads(line)))
            except ValueError as error:
                raise InputError(f"{path}:{number}: {error}") from None
    return rows


def evaluate_retrieval(retriever: Retriever, questions: list[Question]) -> RetrievalEvalReport:
    """Rank of the first hit whose topic is the expected one, over guidance chunks only."""
    scores: list[RetrievalScore] = []
    for language in LANGUAGES:
        for question_set in ("retrieval", "answers"):
            subset = [q for q in questions if q.language == language and q.set == question_set]
            if not subset:
                continue
            for mode in MODES:
                ranks = [(question, rank_of(retriever, question, mode)) for question in subset]
                for split in SPLITS:
                    chosen = [(q, r) for q, r in ranks if split == "all" or q.split == split]
                    if chosen:
                        scores.append(summarise(chosen, language, mode, split, question_set))
    return RetrievalEvalReport(scores=scores)


def rank_of(retriever: Retriever, question: Question, mode: Mode) -> tuple[int | None, str]:
    """1-based rank of the expected topic in the top 10, and the topic ranked first."""
    result = retriever.search(
        question.question, k=10, mode=mode, kinds=("guidance",), language=question.language
    )
    topics = [hit.topic for hit in result.hits]
    rank = topics.index(question.topic) + 1 if question.topic in topics else None
    return rank, topics[0] if topics else "-"


def summarise(
    ranked: list[tuple[Question, tuple[int | None, str]]],
    language: str,
    mode: str,
    split: str,
    question_set: QuestionSet,
) -> RetrievalScore:
    n = len(ranked)
    ranks = [rank for _, (rank, _) in ranked]
    return RetrievalScore(
        language=language,
        mode=mode,
        n=n,
        hit_at_1=round(sum(rank == 1 for rank in ranks) / n, 3),
        hit_at_3=round(sum(bool(rank and rank <= 3) for rank in ranks) / n, 3),
        mrr=round(sum(1 / rank for rank in ranks if rank) / n, 3),
        split=split,
        set=question_set,
        misses=[
            f"{q.question} → {first} (want {q.topic})" for q, (rank, first) in ranked if rank != 1
        ],
    )
