"""`assistant eval`: retrieval, review and the WNC comparison in one report."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from assistant.config import Settings
from assistant.evaluation.retrieval import (
    RetrievalEvalReport,
    evaluate_retrieval,
    load_questions,
)
from assistant.evaluation.review import ReviewEvalReport, WncReport, evaluate_review_sets
from assistant.index import Store, ingest
from assistant.retrieval import Retriever


class EvaluationReport(BaseModel):
    retrieval: RetrievalEvalReport
    review: ReviewEvalReport
    wnc: WncReport | None = None
    notes: list[str] = []

    def table(self) -> str:
        parts = [
            "Retrieval (guidance topic of the first hit)",
            self.retrieval.table(),
            "",
            "Review (labelled soft / substantive copy)",
            self.review.table(),
        ]
        if self.wnc is not None:
            parts += ["", "Puffery and vagueness on Wiki Neutrality Corpus pairs", self.wnc.table()]
        parts += [f"note: {note}" for note in self.notes]
        return "\n".join(parts)


def run_evaluation(settings: Settings, eval_dir: Path, external: Path) -> EvaluationReport:
    """Ingest if the index is empty, then score every labelled set."""
    if Store.open(settings).count() == 0:
        ingest(settings)
    retrieval = evaluate_retrieval(Retriever(settings), load_questions(eval_dir))
    review = evaluate_review_sets(eval_dir)
    wnc_dir = external / "wnc"
    if not (wnc_dir / "pre.train").is_file():
        note = f"WNC comparison skipped: {wnc_dir} not found (pass --external DIR)"
        return EvaluationReport(retrieval=retrieval, review=review, notes=[note])
    from assistant.evaluation.review import evaluate_wnc

    return EvaluationReport(retrieval=retrieval, review=review, wnc=evaluate_wnc(wnc_dir))
