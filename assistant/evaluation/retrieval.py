"""Retrieval quality: hit@1, hit@3 and MRR per language for dense, BM25 and hybrid."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

from assistant.domain import LANGUAGES
from assistant.errors import InputError
from assistant.retrieval import Mode, Retriever

MODES: tuple[Mode, ...] = ("dense", "bm25", "hybrid")


class Question(BaseModel):
    question: str
    language: str
    topic: str


class RetrievalScore(BaseModel):
    language: str
    mode: str
    n: int
    hit_at_1: float
    hit_at_3: float
    mrr: float
    misses: list[str] = Field(default_factory=list)


class RetrievalEvalReport(BaseModel):
    scores: list[RetrievalScore]

    def table(self) -> str:
        lines = ["language  mode     n   hit@1  hit@3  MRR"]
        for score in self.scores:
            lines.append(
                f"{score.language:<9} {score.mode:<7} {score.n:>3}  {score.hit_at_1:.3f}  "
                f"{score.hit_at_3:.3f}  {score.mrr:.3f}"
            )
        return "\n".join(lines)


def load_questions(eval_dir: Path) -> list[Question]:
    questions: list[Question] = []
    for language in LANGUAGES:
        path = eval_dir / f"retrieval_{language}.jsonl"
        if not path.is_file():
            raise InputError(f"{path}: question set not found", field="--eval-dir")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    questions.append(Question.model_validate_json(line))
                except ValueError as error:
                    raise InputError(f"{path}:{number}: {error}".splitlines()[0]) from None
    return questions


def evaluate_retrieval(retriever: Retriever, questions: list[Question]) -> RetrievalEvalReport:
    """Rank of the first hit whose topic is the expected one, over guidance chunks only."""
    scores: list[RetrievalScore] = []
    for language in LANGUAGES:
        subset = [q for q in questions if q.language == language]
        for mode in MODES:
            reciprocal, hit1, hit3, misses = 0.0, 0, 0, []
            for question in subset:
                result = retriever.search(
                    question.question, k=10, mode=mode, kinds=("guidance",), language=language
                )
                topics = [hit.topic for hit in result.hits]
                rank = topics.index(question.topic) + 1 if question.topic in topics else None
                if rank:
                    reciprocal += 1 / rank
                hit1 += rank == 1
                hit3 += bool(rank and rank <= 3)
                if rank != 1:
                    got = topics[0] if topics else "-"
                    misses.append(f"{question.question} → {got} (want {question.topic})")
            n = len(subset) or 1
            scores.append(
                RetrievalScore(
                    language=language,
                    mode=mode,
                    n=len(subset),
                    hit_at_1=round(hit1 / n, 3),
                    hit_at_3=round(hit3 / n, 3),
                    mrr=round(reciprocal / n, 3),
                    misses=misses,
                )
            )
    return RetrievalEvalReport(scores=scores)
